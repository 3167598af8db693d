"""Watch: noticing changes in tracked folders.

Flow: ``watch`` runs watchdog observers (``mounts`` says which folders need polling);
``events`` settles their file-system events into batches of changed directories;
``scope`` narrows an indexing run to those directories. Imports ``catalog`` rows and
``media.scanner``, nothing above.
"""
