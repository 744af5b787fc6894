using RetinaNet.Edge.Toolkit.Model;
var m = new RetinaNet.Edge.Toolkit.Model.RetinaNetModel(RetinaNetConfig.Preset("torchvision-resnet50-fpn"));
System.Console.WriteLine(m.ParameterCount());
var t = new RetinaNet.Edge.Toolkit.Model.RetinaNetModel(RetinaNetConfig.Preset("edge-tiny", 4));
System.Console.WriteLine(t.ParameterCount());
