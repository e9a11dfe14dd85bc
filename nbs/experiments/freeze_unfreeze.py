"""fastai's freeze-then-unfreeze for the study in pretrained_frontier.ipynb: the CPU default's crops, the first part of
them with the pretrained encoder frozen. Measured, not adopted: the library keeps one stage with the encoder at lr/10.

    python freeze_unfreeze.py --data ../../../shared/data/extra --out runs/freeze --frozen 0.25
    colornb-eval runs/freeze/model.pth HELDOUT [--saturation S]

trains the CPU default recipe (Lite0 U-Net, L1, 64 px crops, one epoch's worth of crops in all): a one-cycle over a
random `frozen` share of the photos with the encoder frozen (fastai's `freeze`: its batch norms still train) and the
decoder at lr, then a one-cycle over the rest with everything at fastai's discriminative rates slice(lr/10, lr).
"""
import argparse, time
import numpy as np
from fastai.torch_core import set_seed
import fastai.callback.schedule  # gives Learner fit_one_cycle
from colornb.data import colorization_dls
from colornb.models import generator_config
from colornb.distrib import keep_freed_memory
from colornb.metrics import summary_line
from colornb.train import ColorizationRun, RunConfig, save_outputs


def random_share(dl, share:float):
    "Make each epoch of `dl` a fresh random `share` of its items (fastai takes the first `n` items otherwise)."
    n_all = dl.n
    dl.n = round(n_all * share)
    dl.shuffle_fn = lambda idxs: list(np.random.permutation(n_all)[:len(idxs)])
    return n_all


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--data', required=True); p.add_argument('--out', required=True)
    p.add_argument('--frozen', type=float, default=0.25, help='share of the crops trained with the encoder frozen')
    p.add_argument('--lr', type=float, default=1e-3)
    args = p.parse_args()
    keep_freed_memory(); set_seed(42)
    dls = colorization_dls([args.data], 'lab', size=64, bs=16, valid_pct=0.05, seed=42, device='cpu')
    config = RunConfig('lab', 64, generator_config('efficientnet_lite0', 'lab', 64, out_stride=1), data=[args.data], bs=16, epochs_pretrain=1,
                       epochs_gan=0, loss='l1', valid_pct=0.05, lr=args.lr, encoder_lr_div=10., seed=42, pretrained=True)
    run = ColorizationRun(dls, config, args.out)
    run.history.stage = 'pretrain'
    start = time.time()
    n_all = random_share(dls.train, args.frozen)
    run.learn.freeze()
    run.learn.fit_one_cycle(1, args.lr)
    dls.train.n = n_all - dls.train.n
    run.learn.unfreeze()
    run.learn.fit_one_cycle(1, slice(args.lr / 10, args.lr))
    metrics = save_outputs(run, train_seconds=round(time.time() - start, 1), frozen_share=args.frozen)
    print(f"{args.out} ({metrics['train_seconds']:.0f} s): {summary_line(metrics, 'l1')}")


if __name__ == '__main__': main()
