"""The Qt desktop app: thin adapters over clipview.core."""
