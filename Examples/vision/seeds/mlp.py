"""Seed: a multilayer perceptron over the flattened image."""
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, in_shape, num_classes):
        super().__init__()
        channels, height, width = in_shape
        self.layers = nn.Sequential(
            nn.Flatten(),
            nn.Linear(channels * height * width, 128),
            nn.ReLU(),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Linear(64, num_classes),
        )

    def forward(self, x):
        return self.layers(x)
