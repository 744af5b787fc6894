using System.Text.Json.Serialization;

namespace RetinaNet.Edge.Vision.Imaging;

/// <summary>How an image is fitted to the model input; written <c>letterbox</c> / <c>stretch</c> in JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResizeMode>))]
public enum ResizeMode
{
    /// <summary>Keep the aspect ratio, pad the rest (centred) with the mean colour.</summary>
    [JsonStringEnumMemberName("letterbox")] Letterbox,
    /// <summary>Scale each axis independently to fill the input.</summary>
    [JsonStringEnumMemberName("stretch")] Stretch,
}
