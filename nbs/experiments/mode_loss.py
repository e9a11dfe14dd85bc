"""A loss that commits to one color, for the study in pretrained_frontier.ipynb. L1 asks each pixel for the median of
each chroma channel over what its gray patch could be: a lawn that is green in some photos and brown in others comes
out between the two, brown-gray, which is what the grids of held-out photos show. A power below 1 of the chroma error
asks for the most likely color instead (the loss's minimizer tends to the mode as the power falls to 0), and taking
the error as one distance in the ab plane, not per channel, keeps the two channels of that color together.

    python nbs/experiments/mode_loss.py --power 0.5 -- --data ../shared/data/extra --out runs/mode05
    colornb-eval heldout --model runs/mode05/model.pth --out runs/mode05/eval_s1.0 [--saturation S]

runs `colornb-train` (the arguments after `--`) with the reconstruction loss mean((|ab_pred − ab_true|² + eps²)^(p/2)
− eps^p), |·| the distance in the ab plane (encoded, ab/110) and eps = `--eps` (1 LAB unit by default, where the
gradient stays finite). Its runs record `loss: 'power'` and report the validation loss as `valid_power`.
"""
import argparse, sys
from functools import partial
import torch.nn as nn
import colornb.train as train
from colornb.color import AB_SCALE
from ensembles import colornb_train, split_args


class ChromaPowerLoss(nn.Module):
    "Mean over pixels of (d² + eps²)^(power/2) − eps^power, d the distance between predicted and true (encoded) ab."
    def __init__(self, power:float=0.5, eps:float=1 / AB_SCALE): super().__init__(); self.power, self.eps = power, eps
    def forward(self, pred, target):
        d2 = (pred.float() - target.float()).pow(2).sum(1)
        return ((d2 + self.eps ** 2).pow(self.power / 2) - self.eps ** self.power).mean()


def main():
    ours, train_args = split_args(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--power', type=float, required=True, help="the power of the chroma error (1: the median in the ab plane)")
    p.add_argument('--eps', type=float, default=1 / AB_SCALE, help="the error (encoded ab) below which the loss is nearly quadratic")
    a = p.parse_args(ours)
    if any(x.split('=')[0] == '--loss' for x in train_args): sys.exit("mode_loss.py sets colornb-train's --loss itself")
    train.RECONSTRUCTION_LOSSES['power'] = partial(ChromaPowerLoss, a.power, a.eps)
    return colornb_train(train_args, loss='power')


if __name__ == '__main__': main()
