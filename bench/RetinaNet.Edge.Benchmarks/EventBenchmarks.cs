using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RetinaNet.Edge.Events;

namespace RetinaNet.Edge.Benchmarks;

/// <summary>Serializing one track event to UTF-8 JSON (source-generated serializer) into a reused buffer.</summary>
[MemoryDiagnoser]
public class EventBenchmarks : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);
    private readonly TrackEvent _event = new()
    {
        Type = TrackEventType.Update, Camera = "driveway", TrackId = 1234, Label = "person", ClassId = 0, Score = 0.87f, BestScore = 0.93f,
        Box = new EventBox(412.5f, 120.2f, 470.1f, 381f), BoxNormalized = new EventBox(0.2148f, 0.1113f, 0.2448f, 0.3528f),
        FirstSeen = DateTimeOffset.UnixEpoch, LastSeen = DateTimeOffset.UnixEpoch.AddSeconds(5), Frame = 98765,
    };

    [Benchmark]
    public int SerializeEvent()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _event, EventJsonContext.Default.TrackEvent);
        return _buffer.WrittenCount;
    }

    public void Dispose()
    {
        _writer.Dispose();
        GC.SuppressFinalize(this);
    }
}
