"""A perceptual (feature) loss for the study in pretrained_frontier.ipynb: DeOldify's NoGAN feature loss with colornb's
own ImageNet-pretrained EfficientNet-Lite0 as the feature network. Measured, not adopted: the library keeps L1.

    python feature_loss.py --data ../../../shared/data/extra --out runs/features --weight 0.05
    colornb-eval runs/features/model.pth HELDOUT [--saturation S]

trains the CPU default recipe (Lite0 U-Net, encoder at lr/10, 64 px crops, one-cycle, ~27,000 crops) with the loss
L1(ab) + weight × mean over strides 4, 8, 16 of L1(features of RGB(L, predicted ab), features of RGB(L, true ab)).
"""
import argparse, json, time
from pathlib import Path
import torch, torch.nn as nn, torch.nn.functional as F
from fastai.torch_core import set_seed
from colornb.color import decode_lab, lab_to_rgb
from colornb.data import colorization_dls
from colornb.models import lite_encoder, generator_config
from colornb.distrib import keep_freed_memory
from colornb.metrics import summary_line
from colornb.train import ColorizationRun, RunConfig, save_outputs, folder_epochs


class FeatureLoss(nn.Module):
    "L1 on the encoded ab + `weight` × mean L1 between frozen pretrained Lite0 features (`layers`) of RGB(L, ab_pred) and RGB(L, ab_true)."
    def __init__(self, learn, # the Learner whose current batch gives L (`learn.xb[0]`, encoded)
                 weight:float=0.05, layers=(1, 2, 3)): # stride 4, 8, 16 feature maps
        super().__init__()
        self.learn, self.weight, self.layers = learn, weight, layers
        self.net = lite_encoder('efficientnet_lite0', in_ch=3, pretrained=True).eval()
        for p in self.net.parameters(): p.requires_grad_(False)

    def features(self, L, ab) -> list:
        rgb = lab_to_rgb(decode_lab(L, ab)).clamp(0, 1)
        return [f for i, f in enumerate(self.net((rgb - 0.5) / 0.5)) if i in self.layers]

    def forward(self, pred, target):
        L = self.learn.xb[0].float()
        fp, ft = self.features(L, pred.float()), self.features(L, target.float())
        return F.l1_loss(pred, target) + self.weight * sum(F.l1_loss(a, b) for a, b in zip(fp, ft)) / len(fp)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--data', required=True); p.add_argument('--out', required=True)
    p.add_argument('--weight', type=float, default=0.05)
    args = p.parse_args()
    keep_freed_memory(); set_seed(42)
    dls = colorization_dls([args.data], 'lab', size=64, bs=16, valid_pct=0.05, seed=42, device='cpu')
    epochs = folder_epochs(len(dls.train_ds), 27_000)  # the CPU default's crops when the study ran
    config = RunConfig('lab', 64, generator_config('efficientnet_lite0', 'lab', 64, out_stride=1), data=[args.data], bs=16, epochs_pretrain=epochs,
                       epochs_gan=0, loss='l1', valid_pct=0.05, lr=1e-3, encoder_lr_div=10., seed=42, pretrained=True)
    run = ColorizationRun(dls, config, args.out)
    run.learn.loss_func = FeatureLoss(run.learn, args.weight)  # L1 + the weighted feature distance
    start = time.time()
    run.pretrain(epochs, 1e-3, 10.)
    metrics = save_outputs(run, train_seconds=round(time.time() - start, 1), feature_weight=args.weight)
    print(f"{args.out} ({metrics['train_seconds']:.0f} s): {summary_line(metrics, 'l1')}")


if __name__ == '__main__': main()
