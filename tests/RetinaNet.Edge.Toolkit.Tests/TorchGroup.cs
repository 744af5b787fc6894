namespace RetinaNet.Edge.Toolkit.Tests;

/// <summary>Tests that seed or draw from libtorch's global random generator run one at a time, so that a seeded run
/// is not disturbed by another test's draws.</summary>
[CollectionDefinition("torch")]
public sealed class TorchGroup;
