#!/usr/bin/python3
"""Calibrates the exported clothing model's confidence and chooses its
low-confidence threshold, honestly: fitted on the "select" half of
validation/ (train_clothing.held_out), reported on the held-out half.

    build-ml/venv/bin/python ml/training/calibrate_clothing.py \\
        --data ../shared/data/clothing --model ml/models/clothing

- Temperature scaling: the one T minimising the negative log-likelihood on
  the select half; the exported model then answers logits / T (the file and
  its sha256 in the manifest are rewritten).
- The threshold: the lowest confidence at which answers at or above it are
  right >= --target of the time on the select half; the server flags
  answers below it as low_confidence. Its precision and coverage on the
  held-out half, and the expected calibration error (15 bins) before and
  after, go into the manifest ("calibration").
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_clothing  # noqa: E402


class Tempered(torch.nn.Module):
    def __init__(self, inner, temperature):
        super().__init__()
        self.inner = inner
        self.temperature = temperature

    def forward(self, x):
        return self.inner(x) / self.temperature


def logits_of(model, images, side):
    out = []
    with torch.no_grad():
        for start in range(0, len(images), 64):
            out.append(model(train_clothing.centre(images[start:start + 64], side)))
    return torch.cat(out)


def ece(probs, targets, bins=15):
    conf, pred = probs.max(1)
    right = (pred == targets).float()
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.float().mean().item() * abs(right[inside].mean().item() - conf[inside].mean().item())
    return total


def threshold_for(probs, targets, target):
    """The lowest threshold whose answers at or above it are right >= target."""
    conf, pred = probs.max(1)
    right = pred == targets
    for t in sorted(set(round(c, 3) for c in conf.tolist())):
        kept = conf >= t
        if kept.any() and right[kept].float().mean().item() >= target:
            return t
    return 1.0


def precision_coverage(probs, targets, t):
    conf, pred = probs.max(1)
    kept = conf >= t
    precision = (pred[kept] == targets[kept]).float().mean().item() if kept.any() else 1.0
    return precision, kept.float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", required=True, help="folder with clothing.pt and manifest.json (rewritten)")
    parser.add_argument("--target", type=float, default=0.97, help="precision of the answers not flagged")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count() or 2)

    manifest_path = os.path.join(args.model, "manifest.json")
    manifest = json.load(open(manifest_path))
    if "calibration" in manifest:
        sys.exit("already calibrated: calibrate the model the training exported")
    labels, side = manifest["labels"], manifest["input_size"]
    pad = manifest["resize_shorter_side"] - side
    model = torch.jit.load(os.path.join(args.model, "clothing.pt")).eval()
    sel_x, sel_y = train_clothing.load_split(args.data, "validation", labels, side + pad,
                                             lambda n: not train_clothing.held_out(n))
    test_x, test_y = train_clothing.load_split(args.data, "validation", labels, side + pad, train_clothing.held_out)
    sel_logits, test_logits = logits_of(model, sel_x, side), logits_of(model, test_x, side)

    best_t, best_nll = 1.0, float("inf")
    for i in range(50, 501):
        t = i / 100
        nll = torch.nn.functional.cross_entropy(sel_logits / t, sel_y).item()
        if nll < best_nll:
            best_t, best_nll = t, nll
    before = test_logits.softmax(1)
    after = (test_logits / best_t).softmax(1)
    threshold = threshold_for((sel_logits / best_t).softmax(1), sel_y, args.target)
    precision, coverage = precision_coverage(after, test_y, threshold)
    top2 = (after.topk(2, 1).indices == test_y.view(-1, 1)).any(1).float().mean().item()
    calibration = {
        "temperature": best_t,
        "fitted_on": f"select half of validation/ ({len(sel_x)} photos)",
        "held_out_ece_before": round(ece(before, test_y), 4),
        "held_out_ece_after": round(ece(after, test_y), 4),
        "low_confidence_threshold": threshold,
        "threshold_target_precision": args.target,
        "held_out_precision_not_flagged": round(precision, 4),
        "held_out_share_not_flagged": round(coverage, 4),
        "held_out_top2_accuracy": round(top2, 4),
    }
    print(json.dumps(calibration, indent=2))

    scripted = torch.jit.trace(Tempered(model, best_t), torch.rand(1, 3, side, side))
    path = os.path.join(args.model, "clothing.pt")
    scripted.save(path)
    manifest["sha256"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
    manifest["low_confidence_threshold"] = threshold
    manifest["calibration"] = calibration
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"rewrote {path} (logits / {best_t}) and {manifest_path}")


if __name__ == "__main__":
    main()
