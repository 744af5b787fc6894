using RetinaNet.Edge.Vision.Geometry;

namespace RetinaNet.Edge.Tracking;

public enum TrackState { Tentative, Confirmed, Lost, Ended }

/// <summary>One tracked object.</summary>
internal sealed class Track(int id, int classId, KalmanBoxFilter filter, float score, DateTimeOffset time)
{
    public int Id { get; } = id;
    public int ClassId { get; } = classId;
    public KalmanBoxFilter Filter { get; } = filter;
    public TrackState State { get; set; } = TrackState.Tentative;
    public int Hits { get; set; } = 1;
    public int Misses { get; set; }
    public float Score { get; set; } = score;
    public float BestScore { get; set; } = score;
    /// <summary>The last matched detection box (what events report).</summary>
    public BoxF Box { get; set; } = filter.Box;
    public DateTimeOffset FirstSeen { get; } = time;
    public DateTimeOffset LastSeen { get; set; } = time;
    /// <summary>True in the update where the track became confirmed.</summary>
    public bool JustConfirmed { get; set; }
    /// <summary>Matched to a detection in the current update.</summary>
    public bool Matched { get; set; }
}
