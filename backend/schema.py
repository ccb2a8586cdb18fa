"""The backend's tables (SQLAlchemy Core). Created by numbered migrations in backend/migrations.py."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
# BIGINT on PostgreSQL, INTEGER (so it is the rowid and autoincrements) on SQLite
BigId = BigInteger().with_variant(Integer(), "sqlite")

sites = Table(
    "sites", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("site_key", String(128), nullable=False),   # hex HMAC key for locker codes
    Column("created_at", String(40), nullable=False),
    # bumped by `rotate-site-key`: parcels announced under an older key need their codes re-issued
    Column("key_version", Integer, nullable=False, server_default="1"),
    # hex key badges are hashed with (backend/badges.py); not touched by `rotate-site-key`
    Column("badge_key", String(128)),
)

terminals = Table(
    "terminals", metadata,
    Column("id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),   # sha256 hex; the token is never kept
    Column("enrolled_at", String(40), nullable=False),
    Column("last_seen_at", String(40)),
    Column("app_version", String(40)),
    Column("schema_version", Integer),
    Column("revoked_at", String(40)),   # set by `revoke` / `rotate-site-key`: the token is refused from then on
)

enrollment_codes = Table(
    "enrollment_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40)),
    Column("terminal_id", String(64)),
)

integration_tokens = Table(
    "integration_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

terminal_state = Table(
    "terminal_state", metadata,
    Column("terminal_id", String(64), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

ops = Table(
    "ops", metadata,
    Column("terminal_id", String(64), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("op_id", String(64), nullable=False),
    Column("name", String(64), nullable=False),
    Column("args", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("status", String(16), nullable=False),   # applied | rejected
    Column("code", String(64)),
    Column("applied_at", String(40), nullable=False),
    # the site's newest change-log id before this push: where the op falls between the changes,
    # so the stats mirror (backend/stats_mirror.py) replays ops and changes in the order a terminal saw
    Column("changes_before", BigInteger),
)
# a pushed op_id the server already has under another seq is found without scanning (sync-v1 Amendments)
Index("ops_terminal_op_id", ops.c.terminal_id, ops.c.op_id)

rejections = Table(
    "rejections", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("terminal_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("op_id", String(64), nullable=False),
    Column("code", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("at", String(40), nullable=False),
    UniqueConstraint("terminal_id", "seq"),
)
Index("rejections_terminal", rejections.c.terminal_id, rejections.c.id)

exceptions = Table(
    "exceptions", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("site_id", String(64), nullable=False),
    Column("terminal_id", String(64)),
    Column("op_id", String(64)),
    Column("kind", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Column("details", Text, nullable=False),
    Column("raised_at", String(40), nullable=False),
    Column("status", String(16), nullable=False, default="open"),
)

entities = Table(
    "entities", metadata,
    Column("site_id", String(64), primary_key=True),
    Column("entity", String(32), primary_key=True),
    Column("key", String(256), primary_key=True),
    Column("data", Text, nullable=False),
)

# The change log: one row per committed entity change, per site. `id` order is commit order
# (see backend/changes.py for how that is guaranteed on SQLite and on PostgreSQL).
changes = Table(
    "changes", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("site_id", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("key", String(256), nullable=False),
    Column("op", String(8), nullable=False),
    Column("data", Text, nullable=False),
)
Index("changes_site", changes.c.site_id, changes.c.id)

external_orders = Table(
    "external_orders", metadata,
    Column("site_id", String(64), primary_key=True),
    Column("external_id", String(128), primary_key=True),
    Column("order_id", String(64), nullable=False),
    Column("body_hash", String(64), nullable=False),
)

external_parcels = Table(
    "external_parcels", metadata,
    Column("site_id", String(64), primary_key=True),
    Column("tracking_number", String(128), primary_key=True),
    Column("parcel_id", String(64), nullable=False),
    Column("key_version", Integer, nullable=False, server_default="1"),   # the site key its codes were made with
)

# A delivery log, not an outbox: the message is rendered and handed to the gateway at send time, so
# codes and tokens are never written here. `recipient` and `body` are masked (backend/notify.py) and
# the row is deleted `retention` after delivery.
notifications = Table(
    "notifications", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("site_id", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("template", String(32), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("delivered_at", String(40)),
)
Index("notifications_delivered", notifications.c.delivered_at)

# Notification delivery (backend/delivery.py). A parcel's contact — phone, e-mail, pickup code and
# QR token — is kept only sealed with the notification key (backend/notify_seal.py) while its messages
# may still be sent, and deleted when the parcel leaves the locker. An outbox row holds no text: the
# message is rendered from the parcel and the opened contact when it is sent.
notify_contacts = Table(
    "notify_contacts", metadata,
    Column("parcel_id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("sealed", Text, nullable=False),   # Fernet token of the contact's JSON
    Column("channels", String(64), nullable=False),   # the channels its messages go by, comma-separated
    Column("reminder_hours", Float, nullable=False),  # the reminder goes this long before the deadline
    Column("created_at", String(40), nullable=False),
)

notify_outbox = Table(
    "notify_outbox", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(200), nullable=False, unique=True),   # one message per parcel, template, deposit
    Column("site_id", String(64), nullable=False),
    Column("parcel_id", String(64), nullable=False),
    Column("template", String(32), nullable=False),
    Column("channel", String(16), nullable=False),        # email | sms | apprise
    Column("status", String(16), nullable=False),         # queued | retrying | sent | dead | skipped
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String(40), nullable=False),
    Column("last_error", Text),
    Column("created_at", String(40), nullable=False),
    Column("finished_at", String(40)),
)
Index("notify_outbox_due", notify_outbox.c.status, notify_outbox.c.next_attempt_at)

# Events for the shop (backend/shop_events.py): written in the transaction of the op that caused them;
# `id` is the reconciliation cursor of GET /v1/events, `event_id` the webhook-id the shop dedupes by.
shop_events = Table(
    "shop_events", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("site_id", String(64), nullable=False),
    Column("type", String(40), nullable=False),
    Column("payload", Text, nullable=False),          # the JSON body as signed and sent
    Column("created_at", String(40), nullable=False),
    Column("webhook_status", String(16), nullable=False),   # queued | retrying | sent | dead | off
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", String(40), nullable=False),
    Column("last_error", Text),
)
Index("shop_events_due", shop_events.c.webhook_status, shop_events.c.next_attempt_at)

# Fixed-window request counters for the unauthenticated routes (backend/ratelimit.py), shared by
# every worker and host because they live in the store.
rate_limits = Table(
    "rate_limits", metadata,
    Column("bucket", String(200), primary_key=True),   # route class | client address
    Column("window", BigInteger, primary_key=True),    # unix time // window length
    Column("hits", Integer, nullable=False),
)

# The stats projection (backend/stats_projector.py), shared by every backend host because it lives
# in the store. Per site: where the projection stands in the change log, its counts of ops it could
# not replay, the replayed terminal database itself (a serialized SQLite file, so any host resumes
# it), and a version every write bumps (two hosts projecting one site: the second write is refused).
stats_sites = Table(
    "stats_sites", metadata,
    Column("site_id", String(64), primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("changes_cursor", BigInteger, nullable=False),
    Column("unreplayed", Integer, nullable=False),
    Column("replay_errors", Integer, nullable=False),
    Column("first_bucket", String(40), nullable=False),   # the earliest hour with parts
    Column("as_of", String(40), nullable=False),          # the moment the newest (live) bucket is taken at
    Column("mirror", LargeBinary, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

# The projection's position in each terminal's ops: written in the same transaction as the parts.
stats_seqs = Table(
    "stats_seqs", metadata,
    Column("terminal_id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
Index("stats_seqs_site", stats_seqs.c.site_id)

# The KPI parts (terminal/stats/pooled.py) of each site for each hour [bucket, bucket + 1 h), taken at
# min(bucket end, as_of); /v1/stats joins a window's hours and pools the sites.
stats_parts = Table(
    "stats_parts", metadata,
    Column("site_id", String(64), primary_key=True),
    Column("bucket", String(40), primary_key=True),
    Column("parts", Text, nullable=False),
)
Index("stats_parts_bucket", stats_parts.c.bucket, stats_parts.c.site_id)

backend_migrations = Table(
    "backend_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("applied_at", String(40), nullable=False),
)

# Fleet health (backend/fleet_health.py): each terminal's latest heartbeat, and a bounded history of
# them (the last few per terminal, enough to tell a growing backlog from a steady one).
terminal_health = Table(
    "terminal_health", metadata,
    Column("terminal_id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("sync_interval_s", Float, nullable=False),
    Column("app_version", String(40), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("report", Text, nullable=False),     # the heartbeat as received (JSON): boards, devices, disk
)
Index("terminal_health_site", terminal_health.c.site_id)

terminal_heartbeats = Table(
    "terminal_heartbeats", metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("terminal_id", String(64), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("boards_online", Integer, nullable=False),
    Column("doors_faulted", Integer, nullable=False),
    Column("outbox_size", BigInteger, nullable=False),
    Column("outbox_age_s", Float, nullable=False),
)
Index("terminal_heartbeats_terminal", terminal_heartbeats.c.terminal_id, terminal_heartbeats.c.id)
