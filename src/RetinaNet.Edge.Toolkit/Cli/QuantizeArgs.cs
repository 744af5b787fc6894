using System.CommandLine;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Toolkit.Quantization;

namespace RetinaNet.Edge.Toolkit.Cli;

/// <summary><c>quantize</c>'s values, typed.</summary>
internal sealed record QuantizeArgs(string Model, string Out, QuantizeOptions Options, bool ReduceClasses);

/// <summary><c>quantize</c>'s command line.</summary>
internal sealed class QuantizeCli : ICommandLine<QuantizeArgs>
{
    public const string Usage = """
        quantize --model FLOAT.onnx --calibration DIR|ANNOTATIONS.json|VIDEO --out INT8.onnx
              static int8 in QDQ form (uint8 activations, int8 per-channel weights), calibrated on frames
              preprocessed as the agent does; heads' last convolutions stay float unless --quantize-heads.
              --reduce-classes: also reduce a layout-A model's class maps in the graph (best class per anchor).
              Prints how ONNX Runtime fuses it (QLinearConv vs float Conv) and the file sizes.
        """;

    private readonly Option<string?> _model = CliOptions.Text("--model", "float ONNX model", required: true);
    private readonly Option<string?> _out = CliOptions.Text("--out", "int8 ONNX model to write", required: true);
    private readonly CalibrationCli _calibration = new(required: true);
    private readonly Option<bool> _heads = CliOptions.Flag("--quantize-heads", "quantize the heads' last convolutions too");
    private readonly Option<bool> _reduce = CliOptions.Flag("--reduce-classes", "reduce a layout-A model's class maps in the graph");

    public Command Command() => ToolkitCommands.Command("quantize", "Static int8 (QDQ) of a float ONNX model, calibrated on frames", Usage,
        _model, _calibration.Calibration, _out, _calibration.Images, _calibration.Method, _heads, _reduce);

    public QuantizeArgs Bind(ParseResult r) => new(r.GetValue(_model)!, r.GetValue(_out)!,
        new QuantizeOptions(r.GetValue(_calibration.Calibration)!, r.GetValue(_calibration.Images), r.GetValue(_calibration.Method), r.GetValue(_heads)), r.GetValue(_reduce));
}

/// <summary>The calibration options <c>quantize</c> and <c>export --precision int8-static</c> share, declared once.</summary>
internal sealed class CalibrationCli(bool required)
{
    public Option<string?> Calibration { get; } = CliOptions.Text("--calibration", "frames to calibrate on: a folder of images, a COCO annotations file or a video", required);
    public Option<int> Images { get; } = CliOptions.Ranged("--images", "calibration frames", 1, 100_000, 100);
    public Option<CalibrationMethod> Method { get; } = new("--method") { Description = "how activation ranges are chosen", DefaultValueFactory = _ => CalibrationMethod.Percentile };
}
