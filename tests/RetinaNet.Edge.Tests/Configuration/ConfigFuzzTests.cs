using System.Diagnostics;
using System.Text.Json.Nodes;
using CsCheck;
using RetinaNet.Edge.Hosting;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Configuration;

/// <summary>Property: every malformed variant of a valid configuration (null anywhere a value is required, out of
/// range, wrong type, unknown or duplicate keys, special or oversized files, broken geometry, unordered thresholds,
/// labels the model lacks, truncated documents, secrets in URLs) ends in <c>validate</c> with exit 2 and messages that
/// name the file and key — never an exception, never more than 5 s, never accepted.</summary>
[Collection("console")]
public class ConfigFuzzTests(ITestOutputHelper output)
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private static readonly Lazy<string> Specials = new(MakeSpecials);

    private static string MakeSpecials()
    {
        var dir = RepoPaths.TempFolder("specials");
        using (var p = Process.Start("mkfifo", [Path.Combine(dir, "fifo")])) p.WaitForExit();
        Directory.CreateDirectory(Path.Combine(dir, "folder"));
        File.WriteAllText(Path.Combine(dir, "text.txt"), "not a certificate, not a library\n");
        using (var f = File.Create(Path.Combine(dir, "big.txt"))) f.SetLength(3 << 20);
        return dir;
    }

    private static JsonObject Agent() => new()
    {
        ["model"] = new JsonObject { ["path"] = RepoPaths.DemoModel, ["scoreThreshold"] = 0.05, ["resize"] = "letterbox" },
        ["inference"] = new JsonObject { ["providers"] = new JsonArray("cpu"), ["maxBatch"] = 2 },
        ["mqtt"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = 1883, ["topicPrefix"] = "edge", ["outbox"] = new JsonObject { ["maxMegabytes"] = 10 } },
        ["tracking"] = new JsonObject { ["highScore"] = 0.5, ["lowScore"] = 0.1 },
        ["http"] = new JsonObject { ["address"] = "127.0.0.1", ["port"] = 8080 },
        ["liveView"] = new JsonObject { ["mjpegFps"] = 5 },
        ["snapshots"] = new JsonObject { ["folder"] = "snapshots", ["maxCount"] = 100 },
        ["camerasFolder"] = "cameras",
        ["stateFolder"] = "state",
    };

    private static JsonObject Camera() => new()
    {
        ["name"] = "c", ["url"] = Video, ["detectFps"] = 5, ["labels"] = new JsonArray("circle"), ["minScore"] = 0.5,
        ["zones"] = new JsonArray(new JsonObject { ["name"] = "z", ["points"] = new JsonArray(P(0, 0), P(100, 0), P(100, 100)), ["labels"] = new JsonArray("square") }),
        ["lines"] = new JsonArray(new JsonObject { ["name"] = "l", ["from"] = P(0, 50), ["to"] = P(100, 50) }),
    };

    private static JsonArray P(double x, double y) => new(x, y);

    /// <summary>A mutation: which file it breaks and the two documents as text.</summary>
    private sealed record Variant(string What, bool BreaksCamera, string AgentText, string CameraText);

    private static readonly string[] NonNullable =
    [
        "model", "inference", "mqtt", "tracking", "http", "snapshots", "model.path", "model.scoreThreshold", "model.resize", "inference.providers",
        "inference.maxBatch", "mqtt.port", "mqtt.topicPrefix", "mqtt.outbox", "mqtt.outbox.maxMegabytes", "tracking.highScore", "http.address", "http.port",
        "snapshots.folder", "camerasFolder", "stateFolder",
        "~name", "~url", "~detectFps", "~labels", "~zones", "~lines", "~minScore", "~zones.0.points", "~zones.0.labels", "~lines.0.from", "~zones.0", "~labels.0", "~zones.0.points.1",
    ];

    private static readonly (string Path, object Value)[] OutOfRange =
    [
        ("mqtt.port", 0), ("mqtt.port", 65536), ("http.port", 65536), ("http.port", -1), ("model.scoreThreshold", 1.5), ("model.nmsThreshold", -0.1),
        ("inference.maxBatch", 0), ("inference.maxBatch", 65), ("tracking.confirmHits", 0), ("snapshots.maxCount", 0), ("snapshots.jpegQuality", 101),
        ("liveView.mjpegFps", 0), ("mqtt.outbox.maxMegabytes", 0), ("mqtt.reconnectMaxSeconds", 0.1), ("mqtt.keepAliveSeconds", 0), ("inference.stallSeconds", 1),
        ("~detectFps", 0), ("~detectFps", 241), ("~queueCapacity", 0), ("~minScore", 2), ("~stallSeconds", 0), ("~zones.0.loiterSeconds", -1), ("~maxWidth", -3),
    ];

    private static readonly (string Path, JsonNode Value)[] WrongType =
    [
        ("mqtt.port", "1883"), ("model", "model.onnx"), ("inference.providers", "cpu"), ("tracking.highScore", new JsonArray(0.5)), ("http.address", 127),
        ("~name", 5), ("~zones", new JsonObject()), ("~labels", "circle"), ("~zones.0.points", "0,0;1,1;2,2"), ("~lines.0.from", new JsonObject { ["x"] = 1 }), ("~enabled", "yes"),
    ];

    private static readonly (string Path, string Value)[] BadStrings =
    [
        ("model.layout", "D"), ("model.resize", "crop"), ("mqtt.protocol", "4"), ("mqtt.outbox.fsync", "sometimes"), ("mqtt.topicPrefix", "edge/#"),
        ("mqtt.host", "bad host!"), ("http.address", "1"), ("http.address", "abc"), ("http.address", "0.0.0.0"), ("inference.providers.0", "gpu"),
        ("~name", "bad name!"), ("~url", "ftp://cam/stream"), ("~url", "file://%%%"), ("~url", "admin:pw@host/stream"), ("~url", "rtsp://"),
        ("~url", "/dev/sda"), ("~zones.0.name", ""), ("model.layout", "C"), ("~labels.0", "unicorn"), ("~zones.0.labels.0", "elephant"), ("~lines.0.labels", null!),
    ];

    private static readonly (string Path, string Special)[] Files =
    [
        ("model.path", "fifo"), ("model.path", "/dev/zero"), ("model.path", "folder"), ("model.path", "missing.onnx"), ("model.path", "text.txt"),
        ("model.labels", "fifo"), ("model.labels", "/dev/urandom"), ("model.labels", "/dev/zero"), ("model.labels", "big.txt"), ("model.labels", "missing.txt"),
        ("mqtt.caFile", "text.txt"), ("mqtt.caFile", "fifo"), ("mqtt.clientCertFile", "text.txt"), ("inference.nativeLibrary", "text.txt"), ("inference.nativeLibrary", "/dev/zero"),
        ("~url", "fifo"), ("~url", "folder"), ("~url", "missing.avi"), ("~url", "/dev/zero"), ("stateFolder", "text.txt"),
    ];

    private static Variant Make(int category, Random rnd)
    {
        var agent = Agent();
        var camera = Camera();
        string Pick(string[] a) => a[rnd.Next(a.Length)];
        (string, T) PickT<T>((string, T)[] a) => a[rnd.Next(a.Length)];
        switch (category)
        {
            case 0: { var p = Pick(NonNullable); Set(agent, camera, p, null); return V($"null at {p}", p); }
            case 1: { var (p, v) = PickT(OutOfRange); Set(agent, camera, p, JsonValue.Create(v)); return V($"{p} = {v}", p); }
            case 2: { var (p, v) = PickT(WrongType); Set(agent, camera, p, v.DeepClone()); return V($"{p} wrong type", p); }
            case 3:
            {
                var name = "k" + rnd.Next(1_000_000);
                var p = Pick(["", "model", "mqtt", "mqtt.outbox", "http", "~", "~zones.0", "~lines.0"]);
                var target = (JsonObject)Node(agent, camera, p);
                target[name] = rnd.Next(2) == 0 ? 1 : "x";
                return V($"unknown key {p}.{name}", p);
            }
            case 4:
            {
                bool cam = rnd.Next(2) == 0;
                var text = cam ? camera.ToJsonString() : agent.ToJsonString();
                text = cam ? text.Replace("{\"name\":\"c\",", "{\"name\":\"c\",\"name\":\"d\",", StringComparison.Ordinal)
                    : text.Replace("\"mqtt\":{", "\"mqtt\":{\"port\":1,\"port\":2,", StringComparison.Ordinal);
                return cam ? new Variant("duplicate key", true, agent.ToJsonString(), text) : new Variant("duplicate key", false, text, camera.ToJsonString());
            }
            case 5: { var (p, v) = PickT(BadStrings); Set(agent, camera, p, v is null ? null : JsonValue.Create(v)); return V($"{p} = {v}", p); }
            case 6:
            {
                var (p, s) = PickT(Files);
                Set(agent, camera, p, s.StartsWith('/') ? s : Path.Combine(Specials.Value, s));
                return V($"{p} -> {s}", p);
            }
            case 7:
            {
                int rule = rnd.Next(6);
                switch (rule)
                {
                    case 0: Set(agent, camera, "tracking.lowScore", 0.9); break;
                    case 1: Set(agent, camera, "~zones.0.points", new JsonArray(P(0, 0), P(10, 0), P(0, 0))); break;
                    case 2: Set(agent, camera, "~zones.0.points", new JsonArray(P(0, 0), P(10, 10), P(10, 0), P(0, 10))); break; // bow tie
                    case 3: Set(agent, camera, "~lines.0.to", P(0, 50)); break;
                    case 4: Set(agent, camera, "~minArea", 500); Set(agent, camera, "~maxArea", 100); break;
                    default: Set(agent, camera, "~zones.0.points", new JsonArray(P(0, 0), P(5, 5), P(10, 10))); break; // collinear
                }
                return new Variant("cross-field", rule != 0, agent.ToJsonString(), camera.ToJsonString());
            }
            case 8:
            {
                bool cam = rnd.Next(2) == 0;
                var text = cam ? camera.ToJsonString() : agent.ToJsonString();
                text = text[..rnd.Next(0, text.LastIndexOf('}'))];
                return cam ? new Variant("truncated", true, agent.ToJsonString(), text) : new Variant("truncated", false, text, camera.ToJsonString());
            }
            default:
            {
                var doc = Pick(["null", "[]", "5", "\"agent\"", "", "{\"model\":", new string('[', 100) + new string(']', 100), "{\"mqtt\":{\"topicPrefix\":\"" + new string('x', 300_000) + "#\"}}"]);
                return rnd.Next(2) == 0 ? new Variant("document " + doc[..Math.Min(10, doc.Length)], false, doc, camera.ToJsonString())
                    : new Variant("document " + doc[..Math.Min(10, doc.Length)], true, agent.ToJsonString(), doc);
            }
        }

        Variant V(string what, string path) => new(what, path.StartsWith('~'), agent.ToJsonString(), camera.ToJsonString());
    }

    private static JsonNode Node(JsonObject agent, JsonObject camera, string path)
    {
        JsonNode node = path.StartsWith('~') ? camera : agent;
        foreach (var part in path.TrimStart('~').Split('.', StringSplitOptions.RemoveEmptyEntries))
            node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        return node;
    }

    private static void Set(JsonObject agent, JsonObject camera, string path, JsonNode? value)
    {
        var parts = path.TrimStart('~').Split('.');
        var parent = Node(agent, camera, (path.StartsWith('~') ? "~" : "") + string.Join('.', parts[..^1]));
        if (int.TryParse(parts[^1], out var i)) parent[i] = value;
        else parent[parts[^1]] = value;
    }

    [Fact]
    public void Validate_BaseConfiguration_Accepted()
    {
        var dir = Write(new Variant("base", false, Agent().ToJsonString(), Camera().ToJsonString()));
        var (code, messages) = EdgeAgentCli.Validate(Path.Combine(dir, "agent.json"));
        Assert.True(code == 0, string.Join("\n", messages));
    }

    [Fact]
    public void Validate_600MalformedVariants_AllRejectedWithFileAndKeyNoneThrowsNoneSlow()
    {
        int generated = 0, rejected = 0;
        var slowest = TimeSpan.Zero;
        var byKind = new Dictionary<string, int>();
        Gen.Select(Gen.Int[0, 9], Gen.Int).Sample((category, seed) =>
        {
            var variant = Make(category, new Random(seed));
            var dir = Write(variant);
            var clock = Stopwatch.StartNew();
            var (code, messages) = EdgeAgentCli.Validate(Path.Combine(dir, "agent.json"));
            var took = clock.Elapsed;
            generated++;
            if (took > slowest) slowest = took;
            var file = variant.BreaksCamera ? Path.Combine(dir, "cameras", "c.json") : Path.Combine(dir, "agent.json");
            var detail = $"{variant.What}: exit {code}: {string.Join(" | ", messages)}";
            Assert.True(code == 2, "accepted: " + detail);
            Assert.NotEmpty(messages);
            Assert.True(took < TimeSpan.FromSeconds(5), $"{took.TotalSeconds:F1} s: {detail}");
            Assert.Contains(messages, m => m.Contains(file, StringComparison.Ordinal));
            Assert.All(messages, m => Assert.True(m.Length < 1200, "message too long: " + m[..Math.Min(200, m.Length)]));
            Assert.DoesNotContain(messages, m => m.Contains(":pw@", StringComparison.Ordinal));
            rejected++;
            var kind = variant.What.Split(' ')[0];
            lock (byKind) byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
        }, iter: 600, threads: 1, seed: "0N0XIzNsQ0O2");
        output.WriteLine($"config fuzz: generated {generated}, rejected {rejected}, crashed 0, hung 0 (slowest {slowest.TotalMilliseconds:F0} ms), accepted 0");
        Assert.True(generated >= 500);
    }

    private static string Write(Variant v)
    {
        var dir = RepoPaths.TempFolder("fuzz");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        File.WriteAllText(Path.Combine(dir, "agent.json"), v.AgentText);
        File.WriteAllText(Path.Combine(dir, "cameras", "c.json"), v.CameraText);
        return dir;
    }
}
