"""The stocker's receiving and putaway page at the station."""
