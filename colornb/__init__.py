__version__ = "0.0.1"

import warnings
# fastai.layers applies torch.jit.script to a few functions as it is imported, and torch 2.10+ deprecates
# torch.jit.script with a FutureWarning that names the user's site-packages. Every colornb module imports fastai,
# so fastai.layers is imported here first with that one warning silenced, and nowhere else.
with warnings.catch_warnings():
    warnings.filterwarnings('ignore', message='`torch.jit.script` is deprecated', category=FutureWarning)
    import fastai.layers
