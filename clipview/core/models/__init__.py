"""Models: CLIP bundles and the encoders that run them.

Flow: ``catalogue`` lists published models, ``hub`` downloads one and ``install`` puts it in
``<home>/models`` (``store``, which lists ``installed`` models); ``bundle`` reads a bundle's
files, ``encoder`` runs them through ONNX Runtime (``runtime`` picks the device,
``precision`` reads which files to run, fp32 or the int8 copy that ``quantize`` makes on CPU,
``tokenize`` turns text into tokens); ``weights_key`` names a model by its weights,
``coverage`` says how much of a library each model's vectors cover, and ``choice`` picks
the model and device of a run. Imports ``catalog`` and ``media``, nothing above.
"""
