#!/usr/bin/python3
"""Trains the clothing type classifier and exports it as TorchScript.

Run with Debian's Python and PyTorch (python3-torch 1.13.1), the same
version as the server's LibTorch, so that the exported file loads there:

    /usr/bin/python3 ml/training/train_clothing.py \
        --data ../shared/data/clothing --out ml/models/clothing

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


def load_split(root, split, labels, side):
    """All images of a split, resized so the shorter side is `side`, centre
    cropped to side x side, as a uint8 tensor N x 3 x side x side."""
    images, targets = [], []
    for index, label in enumerate(labels):
        folder = os.path.join(root, split, label)
        for name in sorted(os.listdir(folder)):
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
        for start in range(0, len(images), 128):
            logits = model(centre(images[start:start + 128], side))
            for t, p in zip(targets[start:start + 128], logits.argmax(1)):
                confusion[t, p] += 1
    accuracy = confusion.diag().sum().item() / max(1, confusion.sum().item())
    return accuracy, confusion


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with train/ and validation/, one subfolder per class")
    parser.add_argument("--out", required=True, help="where to write clothing.pt and manifest.json")
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--size", type=int, default=96, help="input side in pixels")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

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
    val_x, val_y = load_split(args.data, "validation", labels, args.size + pad)
    print(f"loaded {len(train_x)} training and {len(val_x)} validation images of {len(labels)} classes "
          f"in {time.time() - t0:.0f}s", flush=True)

    model = Net(len(labels))
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
            x = augment(train_x[idx], args.size, generator)
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
              f"val acc {accuracy:.3f}  best {best[0]:.3f}  {time.time() - start:.0f}s", flush=True)

    accuracy, state, confusion = best
    model.load_state_dict(state)
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    scripted = torch.jit.trace(model, torch.rand(1, 3, args.size, args.size))
    path = os.path.join(args.out, "clothing.pt")
    scripted.save(path)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    per_class = {labels[i]: round(confusion[i, i].item() / max(1, confusion[i].sum().item()), 4)
                 for i in range(len(labels))}
    manifest = {
        "name": "clothing-type",
        "version": f"cnn{args.size}-e{args.epochs}-s{args.seed}",
        "labels": labels,
        "input_size": args.size,
        "input": "float32 RGB in [0,1], N x 3 x S x S, centre crop of the image resized so its shorter side is "
                 f"{args.size + pad}; normalisation is inside the model",
        "resize_shorter_side": args.size + pad,
        "sha256": digest,
        "parameters": params,
        "torch_version": torch.__version__,
        "validation_accuracy": round(accuracy, 4),
        "per_class_accuracy": per_class,
        "confusion_matrix": confusion.tolist(),
        "training": {"epochs": args.epochs, "batch": args.batch, "lr": args.lr, "seed": args.seed,
                     "data": "shared/data/clothing (train/ to train, validation/ to select)"},
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"saved {path} ({os.path.getsize(path) / 1e6:.1f} MB), validation accuracy {accuracy:.3f}", flush=True)


if __name__ == "__main__":
    main()
