namespace RetinaNet.Edge.Cameras;

/// <summary>The cameras inference takes frames from: the camera supervisor's, which change while the agent runs
/// (the seam between the supervisor and inference; inference never starts, changes or stops a camera).</summary>
internal interface ICameraSet
{
    /// <summary>The running cameras now (an immutable snapshot: a reader may keep it for one pass).</summary>
    IReadOnlyList<ICameraLane> Current { get; }

    /// <summary>True when cameras may still come (live camera files): inference then runs until the agent stops, even
    /// while no camera streams. False for a fixed set (tool commands): inference ends once every capture has.</summary>
    bool Live { get; }
}
