"""Seed: a small convolutional network (two 3x3 convolutions with batch norm, max-pooling,
two linear layers)."""
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, in_shape, num_classes):
        super().__init__()
        channels, height, width = in_shape
        self.features = nn.Sequential(
            nn.Conv2d(channels, 16, kernel_size=3, padding=1),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.Conv2d(16, 32, kernel_size=3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(2),
            # 4x4 for 8x8 digits; larger images are pooled down to the same grid.
            nn.AdaptiveAvgPool2d((4, 4)),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(32 * 4 * 4, 64),
            nn.ReLU(),
            nn.Linear(64, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))
