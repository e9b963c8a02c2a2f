"""The model: the vocabulary kg names, the facts the analyses read, and the actor network."""
