"""Progressive resizing for the study in pretrained_frontier.ipynb: train a model further on larger crops.

    python progressive.py runs/cpu/model.pth -- --data ../../../shared/data/extra --size 128 --max-photos 12000 --epochs-pretrain 1 --out runs/prog

runs `colornb-train` (the arguments after `--`) with its generator starting from the weights of the model given
(same architecture and decoder; any crop size), as fastai's progressive resizing does: small crops first, then
larger ones, one schedule each.
"""
import sys
import colornb.train as train
from colornb.infer import load_generator
from ensembles import colornb_train


def main():
    argv = sys.argv[1:]
    if '--' not in argv or argv.index('--') != 1: sys.exit(__doc__)
    start, build = argv[0], train.build_generator
    def build_from(config, *args, **kw):
        g = build(config, *args, **kw)
        g.load_state_dict(load_generator(start)[0].state_dict())
        return g
    train.build_generator = build_from
    return colornb_train(argv[2:])


if __name__ == '__main__': main()
