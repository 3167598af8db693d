"""Models: CLIP bundles and the encoders that run them.

Flow: ``catalogue`` lists published models, ``hub`` downloads one and ``install`` puts it in
``<home>/models`` (``store``); ``bundle`` reads a bundle's files, ``encoder`` runs them
through ONNX Runtime (``runtime`` picks the device, ``quantize`` makes int8 on CPU,
``tokenize`` turns text into tokens); ``weights_key`` names a model by its weights,
``coverage`` says how much of a library each model's vectors cover, and ``choice`` picks
the model and device of a run. Imports ``catalog`` and ``media``, nothing above.
"""
