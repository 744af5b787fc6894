using TorchSharp;
internal static class P { static void Main(){ var t = torch.randn(3,3); System.Console.WriteLine(t.sum().item<float>()); System.Console.WriteLine(torch.get_num_threads()); } }
