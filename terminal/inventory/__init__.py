"""The warehouse's inventory loop: the stock card (ledger.py) and the flows that move stock."""
