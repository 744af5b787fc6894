using RetinaNet.Edge.Configuration;

namespace RetinaNet.Edge.Tests.Configuration;

public class ConfigLoaderTests
{
    private static string Folder(string agentJson, params (string Name, string Json)[] cameras)
    {
        var dir = RepoPaths.TempFolder("config");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(dir, "clip.avi"), [1]);
        File.WriteAllText(Path.Combine(dir, "agent.json"), agentJson);
        foreach (var (name, json) in cameras) File.WriteAllText(Path.Combine(dir, "cameras", name), json);
        return dir;
    }

    private const string GoodAgent = """{ "model": { "path": "model.onnx" } }""";
    private const string GoodCamera = """{ "name": "front", "url": "clip.avi" }""";

    private static ConfigException Fails(string dir) => Assert.Throws<ConfigException>(() => ConfigLoader.Load(Path.Combine(dir, "agent.json")));

    [Fact]
    public void Load_ValidFolder_ReturnsCamerasAndModel()
    {
        var dir = Folder(GoodAgent, ("front.json", GoodCamera), ("back.json", """{ "name": "back", "url": "rtsp://user:pw@10.0.0.2/stream" }"""));
        var config = ConfigLoader.Load(Path.Combine(dir, "agent.json"));
        Assert.Equal(["back", "front"], config.Cameras.Select(c => c.Name));
        Assert.Equal(Path.Combine(dir, "model.onnx"), config.ModelPath);
        Assert.True(config.Agent.Mqtt.Embedded);
    }

    [Fact]
    public void Load_LabelFileWithDuplicate_NamesLabelAndLines()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx", "labels": "labels.txt" } }""", ("front.json", GoodCamera));
        File.WriteAllLines(Path.Combine(dir, "labels.txt"), ["person", "car", "", "person"]);
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("'model.labels' = \"labels.txt\": label \"person\" on line 4 repeats line 1", p);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/retinanet")]
    [InlineData("site//cams")]
    [InlineData("retinanet/")]
    [InlineData("$SYS/x")]
    public void Load_TopicPrefixWithEmptyLevel_Rejected(string prefix)
    {
        var dir = Folder($$"""{ "model": { "path": "model.onnx" }, "mqtt": { "topicPrefix": "{{prefix}}" } }""", ("front.json", GoodCamera));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("'mqtt.topicPrefix'", p);
        Assert.Contains("none empty", p);
    }

    [Fact]
    public void Load_TopicPrefixWithLevels_Accepted()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx" }, "mqtt": { "topicPrefix": "site1/retinanet" } }""", ("front.json", GoodCamera));
        Assert.Equal("site1/retinanet", ConfigLoader.Load(Path.Combine(dir, "agent.json")).Agent.Mqtt.TopicPrefix);
    }

    [Theory]
    [InlineData("""{ "model": { "path": "model.onnx", "resize": "squash" } }""", "'model.resize'", "letterbox, stretch")]
    [InlineData("""{ "model": { "path": "model.onnx", "resize": 1 } }""", "'model.resize'", "letterbox, stretch")]
    [InlineData("""{ "model": { "path": "model.onnx", "layout": "D" } }""", "'model.layout'", "A, B, C")]
    [InlineData("""{ "model": { "path": "model.onnx" }, "inference": { "providers": ["gpu"] } }""", "'inference.providers[0]'", "tensorrt, cuda, cpu")]
    [InlineData("""{ "model": { "path": "model.onnx" }, "liveView": { "hlsEncoder": "nvenc" } }""", "'liveView.hlsEncoder'", "libx264, h264_nvenc, h264_v4l2m2m")]
    [InlineData("""{ "model": { "path": "model.onnx" }, "mqtt": { "protocol": "3" } }""", "'mqtt.protocol'", "auto, 5, 3.1.1")]
    [InlineData("""{ "model": { "path": "model.onnx" }, "mqtt": { "outbox": { "fsync": "always" } } }""", "'mqtt.outbox.fsync'", "off, normal, full")]
    public void Load_UnknownEnumName_NamesKeyAndTheNamesAllowed(string agentJson, string key, string allowed)
    {
        var p = Assert.Single(Fails(Folder(agentJson, ("front.json", GoodCamera))).Problems);
        Assert.Contains(key, p);
        Assert.Contains($"expected one of: {allowed}", p);
    }

    [Theory]
    [InlineData("nvdec")]
    [InlineData("FfmpegCuda")]
    [InlineData("1")]
    public void Load_UnknownDecoder_NamesFileKeyAndThePresets(string decoder)
    {
        var value = decoder == "1" ? "1" : $"\"{decoder}\"";
        var p = Assert.Single(Fails(Folder("""{ "model": { "path": "model.onnx" } }""", ("front.json", $$"""{ "name": "front", "url": "clip.avi", "decoder": {{value}} }"""))).Problems);
        Assert.Contains("front.json", p);
        Assert.Contains("'decoder'", p);
        Assert.Contains("expected one of: ffmpeg, ffmpeg-cuda, ffmpeg-vaapi, ffmpeg-qsv, gstreamer, gstreamer-nvv4l2", p);
    }

    [Fact]
    public void Load_DecoderPreset_ReadAsTyped()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx" } }""", ("front.json", """{ "name": "front", "url": "rtsp://cam/1", "decoder": "gstreamer-nvv4l2", "decoderNice": 0 }"""));
        var camera = Assert.Single(ConfigLoader.Load(Path.Combine(dir, "agent.json")).Cameras);
        Assert.Equal(RetinaNet.Edge.Capture.DecoderPreset.GstreamerJetson, camera.Decoder);
        Assert.Equal(0, camera.DecoderNice);
    }

    [Fact]
    public void Load_EnumNames_ReadAsTyped()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx", "resize": "stretch", "layout": "B" }, "inference": { "providers": ["cuda", "cpu"] }, "liveView": { "hlsEncoder": "h264_v4l2m2m" }, "mqtt": { "host": "10.0.0.3", "protocol": "3.1.1", "outbox": { "fsync": "full" } } }""", ("front.json", GoodCamera));
        var agent = ConfigLoader.Load(Path.Combine(dir, "agent.json")).Agent;
        Assert.Equal(RetinaNet.Edge.Vision.Imaging.ResizeMode.Stretch, agent.Model.Resize);
        Assert.Equal(RetinaNet.Edge.Vision.Decoding.OutputLayout.B, agent.Model.Layout);
        Assert.Equal([RetinaNet.Edge.Inference.ExecutionProvider.Cuda, RetinaNet.Edge.Inference.ExecutionProvider.Cpu], agent.Inference.Providers);
        Assert.Equal(RetinaNet.Edge.LiveView.HlsEncoder.V4l2m2m, agent.LiveView.HlsEncoder);
        Assert.Equal(RetinaNet.Edge.Publishing.MqttProtocol.V311, agent.Mqtt.Protocol);
        Assert.Equal(RetinaNet.Edge.Publishing.Outbox.OutboxFsync.Full, agent.Mqtt.Outbox.Fsync);
    }

    [Fact]
    public void Load_UnknownKey_NamesFileAndKey()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx" }, "mqtt": { "prot": 1884 } }""", ("front.json", GoodCamera));
        var e = Fails(dir);
        var p = Assert.Single(e.Problems);
        Assert.Contains("agent.json", p);
        Assert.Contains("'mqtt.prot'", p);
        Assert.Contains("unknown key", p);
    }

    [Fact]
    public void Load_KeyMovedToLiveView_SaysWhereItIsNow()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx" }, "http": { "mjpegFps": 8 } }""", ("front.json", GoodCamera));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("'http.mjpegFps': unknown key; it moved to 'liveView.mjpegFps'", p);
    }

    [Fact]
    public void Load_OutOfRangeValue_NamesFileKeyAndValue()
    {
        var dir = Folder(GoodAgent, ("front.json", """{ "name": "front", "url": "clip.avi", "detectFps": 500 }"""));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("front.json", p);
        Assert.Contains("'detectFps' = 500", p);
        Assert.Contains("between", p);
    }

    [Fact]
    public void Load_MissingModel_NamesPath()
    {
        var dir = Folder("""{ "model": { "path": "nope.onnx" } }""", ("front.json", GoodCamera));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("'model.path' = \"nope.onnx\"", p);
        Assert.Contains("not found", p);
    }

    [Fact]
    public void Load_BadUrlAndDuplicateName_ReportsBoth()
    {
        var dir = Folder(GoodAgent, ("a.json", """{ "name": "cam", "url": "ftp://host/x" }"""), ("b.json", """{ "name": "cam", "url": "clip.avi" }"""));
        var problems = Fails(dir).Problems;
        Assert.Contains(problems, p => p.Contains("a.json") && p.Contains("'url'") && p.Contains("unsupported scheme"));
        Assert.Contains(problems, p => p.Contains("b.json") && p.Contains("another camera file uses this name"));
    }

    [Fact]
    public void Load_MalformedJson_NamesFileAndLine()
    {
        var dir = Folder(GoodAgent, ("front.json", "{ \"name\": \"front\",\n \"url\": }"));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("front.json", p);
        Assert.Contains("line 2", p);
    }

    [Fact]
    public void Load_PasswordEnvMissing_DoesNotPrintSecrets()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx" }, "mqtt": { "host": "broker", "password": "hunter2", "port": 0 } }""", ("front.json", GoodCamera));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains("'mqtt.port' = 0", p);
        Assert.DoesNotContain("hunter2", string.Join('\n', Fails(dir).Problems));
    }

    [Fact]
    public void Load_ShippedRtspExample_IsValid()
    {
        var dir = Folder(GoodAgent);
        File.Copy(Path.Combine(RepoPaths.Root, "config", "examples", "rtsp-camera.json"), Path.Combine(dir, "cameras", "driveway.json"));
        Environment.SetEnvironmentVariable("DRIVEWAY_RTSP_PASSWORD", "example");
        var cam = Assert.Single(ConfigLoader.Load(Path.Combine(dir, "agent.json")).Cameras);
        Assert.Equal(("driveway", "porch", "gate"), (cam.Name, cam.Zones.Single().Name, cam.Lines.Single().Name));
    }

    [Fact]
    public void Load_BadZoneAndDuplicateName_Reported()
    {
        var dir = Folder(GoodAgent, ("front.json", """
            { "name": "front", "url": "clip.avi",
              "zones": [ { "name": "door", "points": [[0, 0], [10, 0]] }, { "name": "yard", "points": [[0, 0], [10, 0], [5]] } ],
              "lines": [ { "name": "door", "from": [0, 0], "to": [10] } ] }
            """));
        var problems = Fails(dir).Problems;
        Assert.Contains(problems, p => p.Contains("'zones[0].points'") && p.Contains("minimum length"));
        Assert.Contains(problems, p => p.Contains("'zones[1].points[2]' = [5]: must be [x, y]"));
        Assert.Contains(problems, p => p.Contains("'lines[0].to'"));
        Assert.Contains(problems, p => p.Contains("name \"door\" is used twice"));
    }

    [Theory]
    [InlineData("rtsp://admin:secret@cam/stream", "rtsp://admin:***@cam/stream")]
    [InlineData("rtsp://cam/stream", "rtsp://cam/stream")]
    [InlineData("admin:pw@host/stream", "admin:***@host/stream")]
    [InlineData("http://u:p%40ss@10.0.0.2/x", "http://u:***@10.0.0.2/x")]
    public void Redact_UserInfoPassword_Hidden(string url, string expected) => Assert.Equal(expected, ConfigLoader.Redact(url));

    [Fact]
    public void Load_InvalidUtf8InValue_NamesFileOffsetAndLine()
    {
        var dir = Folder(GoodAgent);
        var bytes = System.Text.Encoding.UTF8.GetBytes("{ \"name\": \"front\",\n  \"url\": \"caf\u0001.avi\" }");
        bytes[Array.IndexOf(bytes, (byte)1)] = 0xE9; // "café" saved as Latin-1
        File.WriteAllBytes(Path.Combine(dir, "cameras", "front.json"), bytes);
        var e = Fails(dir);
        var p = Assert.Single(e.Problems);
        Assert.Contains("front.json: not UTF-8 text: byte 0xE9 at offset", p, StringComparison.Ordinal);
        Assert.Contains("(line 2)", p, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Utf8WithByteOrderMark_Accepted()
    {
        var dir = Folder(GoodAgent);
        File.WriteAllBytes(Path.Combine(dir, "cameras", "front.json"), [.. "\uFEFF"u8, .. System.Text.Encoding.UTF8.GetBytes("""{ "name": "front", "url": "rtsp://10.0.0.2/caf\u00e9" }""")]);
        Assert.Equal("rtsp://10.0.0.2/caf\u00e9", Assert.Single(ConfigLoader.Load(Path.Combine(dir, "agent.json")).Cameras).Url);
    }

    [Theory]
    [InlineData("front.JSON")]
    [InlineData("front.Json")]
    public void Load_CameraFileWithUpperCaseExtension_Refused(string file)
    {
        var dir = Folder(GoodAgent, (file, GoodCamera));
        var p = Assert.Single(Fails(dir).Problems);
        Assert.Contains($"{file}: not read as a camera file", p, StringComparison.Ordinal);
        Assert.Contains("rename it to front.json", p, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../../../etc")]
    [InlineData("..")]
    public void Load_CamerasFolderOutsideConfigFolder_Refused(string folder)
    {
        var dir = Folder($$"""{ "model": { "path": "model.onnx" }, "camerasFolder": "{{folder}}" }""");
        Assert.Contains(Fails(dir).Problems, p => p.Contains($"'camerasFolder' = \"{folder}\": must be inside the configuration's folder", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CamerasFolderBelowConfigFolder_Accepted()
    {
        var dir = Folder("""{ "model": { "path": "model.onnx" }, "camerasFolder": "site/cameras" }""");
        Directory.CreateDirectory(Path.Combine(dir, "site", "cameras"));
        Assert.Empty(ConfigLoader.Load(Path.Combine(dir, "agent.json")).Cameras);
    }
}
