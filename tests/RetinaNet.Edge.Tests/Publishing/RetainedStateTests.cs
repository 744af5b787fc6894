using System.Text;
using RetinaNet.Edge.Publishing;

namespace RetinaNet.Edge.Tests.Publishing;

public class RetainedStateTests
{
    [Fact]
    public void Set_SameTopicManyTimes_OnlyLatestQueuedOnce()
    {
        var state = new RetainedState();
        for (int i = 0; i < 1000; i++) state.Set("p/cam/status", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        state.Set("p/cam/counts/car", [(byte)'3']);
        Assert.Equal(2, state.DirtyCount);
        Assert.True(state.TryTakeDirty(out var first));
        Assert.Equal("999", Encoding.UTF8.GetString(first.Payload));
        Assert.True(state.TryTakeDirty(out _));
        Assert.False(state.TryTakeDirty(out _));
    }

    [Fact]
    public void MarkAllDirty_AfterReconnect_EveryTopicAgain()
    {
        var state = new RetainedState();
        state.Set("a", [1]);
        state.Set("b", [2], expirySeconds: 60);
        while (state.TryTakeDirty(out _)) { }
        state.MarkAllDirty();
        var topics = new List<RetainedValue>();
        while (state.TryTakeDirty(out var v)) topics.Add(v);
        Assert.Equal(["a", "b"], topics.Select(t => t.Topic).Order());
        Assert.Equal(60u, topics.Single(t => t.Topic == "b").ExpirySeconds);
    }
}
