"""The library: the façade people and the app use (``open_library``).

Flow: ``Library`` composes its parts from ``state`` (catalog, writer lock, vector index,
model id): ``folders`` tracks folders, ``sync`` plans a run (``dir_stamps``,
``excludes``), ``indexer`` encodes what changed, ``watching`` applies a watcher's
batches, ``browse`` serves the timeline, ``copies`` finds duplicates (``duplicates``)
and sends extras to the ``trash``, ``check`` and ``status`` report and repair, and
``model_switch`` builds another model's vectors through the open library. The top room:
it may import every other room; none imports it.
"""
