"""One module per toolbox method; the registry of slugs is labkit.registry.METHODS."""
