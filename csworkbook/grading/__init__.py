"""Helpers shared by ``csworkbook release`` and ``csworkbook grade``: the course folder and the leak check."""
