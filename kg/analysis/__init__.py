"""Network analysis over the projected actor network; every function returns plain data."""
