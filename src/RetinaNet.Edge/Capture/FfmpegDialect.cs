using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Capture;

/// <summary>Debian's ffmpeg as the decoder (<see cref="FfmpegArguments"/>): the input listing gives the camera's
/// size and rate, the output listing the pipe's frame size, <c>showinfo</c> each selected frame's timestamp.</summary>
internal sealed partial class FfmpegDialect(DecoderPreset decoder, string ffmpegPath) : IDecoderDialect
{
    private bool _output, _inputSeen;

    public string Install => "apt-get install ffmpeg";

    public bool RemuxesLive => true;

    public ProcessStartInfo Start(string url, CameraOptions camera, (int Width, int Height) workingSize, PlayFile? file, string? live = null)
    {
        var psi = new ProcessStartInfo(ffmpegPath);
        foreach (var a in FfmpegArguments.For(url, camera, workingSize, file, live)) psi.ArgumentList.Add(a);
        return psi;
    }

    public DecoderLine Parse(string line)
    {
        if (ShowInfo().Match(line) is { Success: true } shown)
            return new(DecoderLineKind.Pts, double.TryParse(shown.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NaN);
        if (line.Contains("Parsed_showinfo", StringComparison.Ordinal)) return DecoderLine.Nothing; // its colour-description line
        if (line.StartsWith("Output #0", StringComparison.Ordinal)) _output = true;
        if (!_output && !_inputSeen && InputVideo().Match(line) is { Success: true } input)
        {
            _inputSeen = true;
            double fps = InputRate().Match(line) is { Success: true } rate ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new(DecoderLineKind.Input, fps, Int(input.Groups[1]), Int(input.Groups[2]));
        }
        if (FfmpegArguments.MissingHardware(decoder, line) is { } missing) return new(DecoderLineKind.Missing, Text: missing);
        if (_output && OutputSize().Match(line) is { Success: true } m) return new(DecoderLineKind.Output, 0, Int(m.Groups[1]), Int(m.Groups[2]));
        if (!line.StartsWith('[') && !line.Contains("error", StringComparison.OrdinalIgnoreCase) && !line.Contains("invalid", StringComparison.OrdinalIgnoreCase))
            return DecoderLine.Nothing; // stream listing
        // "[tcp @ 0x55b8ede7dd00] Connection … failed": the context address differs per process; without it the same
        // failure reads the same every time (the reconnect log is written once per change of reason).
        var text = ContextPrefix().Replace(line, "");
        return new(DecoderDamage.IsDamage(line) ? DecoderLineKind.Damage : DecoderLineKind.Error, Text: text);
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\[\w+ @ 0x[0-9a-f]+\] ")]
    private static partial Regex ContextPrefix();

    [GeneratedRegex(@"Video: rawvideo.*?, (\d{1,5})x(\d{1,5})")]
    private static partial Regex OutputSize();

    [GeneratedRegex(@"^\s*Stream #0:\d+.*?: Video: .*?, (\d{2,5})x(\d{2,5})")]
    private static partial Regex InputVideo();

    [GeneratedRegex(@", (\d+(?:\.\d+)?) (?:fps|tbr)\b")]
    private static partial Regex InputRate();

    [GeneratedRegex(@"showinfo.*? n:\s*\d+ pts:\s*-?\d+ pts_time:(\S+)")]
    private static partial Regex ShowInfo();
}
