"""Users, badges, roles and who is logged in where."""
