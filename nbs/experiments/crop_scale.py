"""Crops that cover more of each photo, for the study in pretrained_frontier.ipynb: colornb renders a whole photo
squeezed to the training size, but trains on random crops of 35% to all of a photo's area. Does training on what it
renders (`--min-scale 1`: whole photos, squeezed) give the pretrained network more context, and bolder colors?

    python crop_scale.py --min-scale 1 -- --data ../../../shared/data/extra --out runs/whole

Runs `colornb-train` (the arguments after `--`) with fastai's `RandomResizedCrop` taking between `--min-scale` and
all of each photo's area (at 1 it falls back to the whole photo, its aspect ratio squeezed to a square, as rendered).
"""
import argparse, sys
from functools import partial
import colornb.data as data
from ensembles import colornb_train, split_args


def main():
    ours, train_args = split_args(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--min-scale', type=float, required=True, help="the smallest share of a photo's area a crop covers")
    a = p.parse_args(ours)
    data.colorization_block = partial(data.colorization_block, min_scale=a.min_scale)
    return colornb_train(train_args)

if __name__ == '__main__': main()
