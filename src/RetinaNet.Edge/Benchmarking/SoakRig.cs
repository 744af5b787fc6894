using System.Globalization;
using System.Text.Json;
using RetinaNet.Edge.Hosting;
using RetinaNet.Edge.Inference;

namespace RetinaNet.Edge.Benchmarking;

/// <summary>What the soak runs against, all real: Debian's mosquitto (persistence on, restarted during outages), the
/// repository's RTSP server (gst-rtsp-server) streaming the street footage, camera clips made from that footage with
/// Debian's ffmpeg (H.264 and H.265, 30 frames/s), and the agent itself as a separate process with an agent.json and
/// a cameras folder it watches.</summary>
internal sealed class SoakRig : IDisposable
{
    public const string Prefix = "soak";
    public const string Footage = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    private SoakRig(string dir) => Folder = dir;

    public string Folder { get; }
    public string Cameras => Path.Combine(Folder, "cameras");
    public string State => Path.Combine(Folder, "state");
    public int BrokerPort { get; } = ToolHost.FreePort();
    public int HttpPort { get; } = ToolHost.FreePort();
    public int RtspPort { get; } = ToolHost.FreePort();
    public SideProcess Broker { get; private set; } = null!;
    public SideProcess Rtsp { get; private set; } = null!;
    public string H264 { get; private set; } = "";
    public string H265 { get; private set; } = "";

    public static SoakRig Prepare(string outDir, int width, int height)
    {
        if (!File.Exists(Footage)) throw new FileNotFoundException($"the soak plays OpenCV's street footage: {Footage} is missing (apt-get install opencv-doc)");
        var rtspServer = RepositoryFiles.Find("tools/rtsp_server.py") ?? throw new FileNotFoundException("tools/rtsp_server.py (the repository's RTSP server) not found above the working folder");
        var rig = new SoakRig(Path.Combine(outDir, "run"));
        if (Directory.Exists(rig.Folder)) Directory.Delete(rig.Folder, recursive: true);
        Directory.CreateDirectory(rig.Cameras);
        Directory.CreateDirectory(rig.State);
        rig.H264 = Clip(outDir, "libx264", width, height);
        rig.H265 = Clip(outDir, "libx265", width, height);

        var broker = Path.Combine(rig.Folder, "mosquitto");
        Directory.CreateDirectory(broker);
        // Persistence on so that the persistent subscriber's queue survives the restarts; no cap on what it queues for
        // an offline session (mosquitto's default of 1000 would drop the newest: the broker's policy, not a lost event)
        // nor on the messages in flight to it (with the default window of 20, a few messages in flight when the
        // subscriber left before a restart stayed stuck and the window closed on the newest: mosquitto#898's kind).
        File.WriteAllText(Path.Combine(broker, "mosquitto.conf"), $"listener {rig.BrokerPort} 127.0.0.1\nallow_anonymous true\npersistence true\n" +
            $"persistence_location {broker}/\nautosave_interval 5\nuser {Environment.UserName}\nmax_queued_messages 0\nmax_inflight_messages 0\n");
        rig.Broker = new SideProcess(File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto", "-c", Path.Combine(broker, "mosquitto.conf"));
        rig.Broker.Start();
        // The RTSP server takes an MJPEG AVI (it encodes H.264 as a camera does); the footage itself is MS-MPEG4.
        var mjpeg = Path.Combine(outDir, "street-mjpeg.avi");
        if (!File.Exists(mjpeg))
        {
            ToolHost.RunTool("ffmpeg", "-loglevel", "error", "-y", "-i", Footage, "-c:v", "mjpeg", "-q:v", "3", mjpeg + ".tmp.avi");
            File.Move(mjpeg + ".tmp.avi", mjpeg);
        }
        rig.Rtsp = new SideProcess("/usr/bin/python3", rtspServer, mjpeg, rig.RtspPort.ToString(CultureInfo.InvariantCulture));
        rig.Rtsp.Start();
        return rig;
    }

    /// <summary>The agent's configuration: the model, the external broker, HTTP, snapshots with a small budget (the
    /// writer and its retention run all the time) and the state folder with the outbox.</summary>
    /// <param name="recording">The <c>recording</c> section, or null (none).</param>
    public string WriteAgentConfig(ToolModel model, object? recording = null)
    {
        var agent = new Dictionary<string, object>
        {
            ["model"] = new { path = model.Path },
            ["inference"] = new { providers = model.Inference.Providers.Select(p => p.Name()).ToArray() },
            ["mqtt"] = new { host = "127.0.0.1", port = BrokerPort, topicPrefix = Prefix, qos = 1, reconnectMaxSeconds = 2, statsIntervalSeconds = 10 },
            ["http"] = new { port = HttpPort },
            ["snapshots"] = new { folder = Path.Combine(Folder, "snapshots"), maxMegabytes = 50, maxCount = 500 },
            ["camerasFolder"] = Cameras,
            ["stateFolder"] = State,
        };
        if (recording is not null) agent["recording"] = recording;
        var path = Path.Combine(Folder, "agent.json");
        File.WriteAllText(path, JsonSerializer.Serialize(agent, JsonOutput.Indented));
        return path;
    }

    /// <summary>Writes (atomically: temp file + rename, as an editor or the camera API does) or deletes a camera file.</summary>
    /// <param name="lawn">Also a zone <c>lawn</c>: true the footage's lawn (people cross it now and then), false the
    /// whole frame, null none.</param>
    public void WriteCamera(string name, string url, double detectFps, int zoneVariant, float w, float h, bool? lawn = null)
    {
        float inset = 0.1f + 0.05f * (zoneVariant % 4);
        var zones = new List<object> { new { name = "walk", points = new[] { new[] { w * inset, h * inset }, new[] { w * (1 - inset), h * inset }, new[] { w * (1 - inset), h * (1 - inset) }, new[] { w * inset, h * (1 - inset) } } } };
        // The lawn below the path (fractions of the frame, from vtest.avi's view: the path's lower edge runs from
        // (0, 0.55) to (1, 0.9)); most walkers stay on the path, a few cross the grass and leave at the bottom.
        float[][] area = lawn == true ? [[0, 0.55f], [0.55f, 0.58f], [1, 0.9f], [1, 1], [0, 1]] : [[0, 0], [1, 0], [1, 1], [0, 1]];
        if (lawn is not null) zones.Add(new { name = "lawn", points = area.Select(p => new[] { p[0] * w, p[1] * h }).ToArray() });
        var camera = new { name, url, loop = true, realTime = true, detectFps, minScore = 0.5, zones };
        var path = Path.Combine(Cameras, name + ".json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(camera));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void DeleteCamera(string name) => File.Delete(Path.Combine(Cameras, name + ".json"));

    public string RtspUrl => $"rtsp://127.0.0.1:{RtspPort}/test";

    /// <summary>The street footage as a camera would send it: scaled, 30 frames/s, a keyframe a second; made once.</summary>
    private static string Clip(string outDir, string codec, int width, int height)
    {
        var path = Path.Combine(outDir, $"street-{codec}-{width}x{height}-30.mp4");
        if (File.Exists(path)) return path;
        ToolHost.RunTool("ffmpeg", "-loglevel", "error", "-y", "-i", Footage, "-vf", $"scale={width}:{height},fps=30", "-c:v", codec, "-preset", "veryfast",
            "-g", "30", "-pix_fmt", "yuv420p", "-x265-params", "log-level=error", path + ".tmp.mp4");
        File.Move(path + ".tmp.mp4", path);
        return path;
    }

    public void Dispose()
    {
        Rtsp?.Dispose();
        Broker?.Dispose();
    }
}
