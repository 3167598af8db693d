"""Qt-free logic of clipview: model bundles, encoders, catalog, index and search."""
