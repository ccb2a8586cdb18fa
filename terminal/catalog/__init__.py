"""SKUs, barcodes, locations and the warehouse layout."""
