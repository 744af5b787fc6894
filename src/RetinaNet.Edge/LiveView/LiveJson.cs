using System.Text.Json.Serialization;

namespace RetinaNet.Edge.LiveView;

/// <summary>First text message of a live view (and again when the camera's stream starts anew): the codec string for
/// <c>MediaSource.isTypeSupported</c>, the coded size, or why there is no video (the page then shows MJPEG and says
/// so). Never the camera's URL.</summary>
internal sealed record LiveHello(string Type, string Codec, int Width, int Height, string? Unavailable);

/// <summary>The camera's zones and lines in its full-resolution pixels, sent once per viewer.</summary>
internal sealed record LiveScene(string Type, IReadOnlyList<LiveZone> Zones, IReadOnlyList<LiveLine> Lines);

internal sealed record LiveZone(string Name, IReadOnlyList<float[]> Points);

internal sealed record LiveLine(string Name, float[] From, float[] To);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LiveHello))]
[JsonSerializable(typeof(LiveScene))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;
