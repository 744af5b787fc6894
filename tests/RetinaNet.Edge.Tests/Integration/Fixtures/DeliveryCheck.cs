using System.Text.Json;

namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>What a subscriber received of one camera's events, judged by their <c>seq</c> and <c>id</c>: which
/// sequence numbers are missing (lost), which arrived more than once (duplicates; each must keep its id), and
/// whether first deliveries came in order.</summary>
internal sealed record DeliveryCheck(long Expected, long Received, long Distinct, long Duplicates, IReadOnlyList<long> Missing, bool InOrder, bool DuplicatesKeepId)
{
    public static DeliveryCheck Of(IEnumerable<JsonElement> events, string camera, long expectedThrough, long from = 1)
    {
        var list = events.Where(e => e.GetProperty("camera").GetString() == camera)
            .Select(e => (Seq: e.GetProperty("seq").GetInt64(), Id: e.GetProperty("id").GetGuid())).ToList();
        var firsts = new List<long>();
        var ids = new Dictionary<long, Guid>();
        bool sameId = true;
        foreach (var (seq, id) in list)
        {
            if (ids.TryGetValue(seq, out var known)) { sameId &= known == id; continue; }
            ids[seq] = id;
            firsts.Add(seq);
        }
        var missing = new List<long>();
        for (long s = from; s <= expectedThrough; s++) if (!ids.ContainsKey(s)) missing.Add(s);
        bool inOrder = firsts.Zip(firsts.Skip(1)).All(p => p.First < p.Second);
        return new DeliveryCheck(expectedThrough - from + 1, list.Count, ids.Count, list.Count - ids.Count, missing, inOrder, sameId);
    }

    public override string ToString() =>
        $"expected {Expected}, received {Received} ({Distinct} distinct, {Duplicates} duplicates), lost {Missing.Count}{(Missing.Count > 0 ? $" (first {string.Join(",", Missing.Take(10))})" : "")}, in order {InOrder}, duplicates keep id {DuplicatesKeepId}";
}
