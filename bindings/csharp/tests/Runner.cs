// A small self-contained test runner: every public static method marked [Test] in this assembly
// runs in name order (within its class); the last line is "csharp: N passed, M failed".
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;

namespace Ofxkit.Tests
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute { }

    public sealed class AssertionException : Exception
    {
        public AssertionException(string m) : base(m) { }
    }

    public static class Assert
    {
        public static void True(bool cond, string what)
        {
            if (!cond) throw new AssertionException("expected true: " + what);
        }

        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new AssertionException(string.Format("{0}: expected <{1}>, got <{2}>", what, expected, actual));
        }

        public static void NotEmpty(string s, string what)
        {
            if (string.IsNullOrEmpty(s)) throw new AssertionException(what + ": expected a non-empty string, got <" + (s == null ? "null" : "\"\"") + ">");
        }

        public static void Contains(string needle, string haystack, string what)
        {
            if (haystack == null || haystack.IndexOf(needle, StringComparison.Ordinal) < 0)
                throw new AssertionException(string.Format("{0}: expected to contain \"{1}\", got \"{2}\"", what, needle, haystack));
        }

        public static T Throws<T>(Action a, string what) where T : Exception
        {
            try { a(); }
            catch (T e) { return e; }
            catch (Exception e)
            {
                throw new AssertionException(string.Format("{0}: expected {1}, got {2}: {3}", what, typeof(T).Name, e.GetType().Name, e.Message));
            }
            throw new AssertionException(what + ": expected " + typeof(T).Name + ", nothing was thrown");
        }
    }

    /// <summary>One running `ofxkit sandbox` process (a real HTTPS OFX server on loopback).</summary>
    public sealed class SandboxServer : IDisposable
    {
        private Process proc;
        private readonly string readyFile;
        public string Url { get; private set; }
        public string Ca { get; private set; }
        public int Port { get; private set; }

        public SandboxServer(string bin, string fault = null)
        {
            if (string.IsNullOrEmpty(bin) || !File.Exists(bin)) throw new Exception("OFXKIT_BIN is not a file: " + bin);
            readyFile = Path.Combine(Path.GetTempPath(), "ofxkit-cs-sandbox-" + Guid.NewGuid().ToString("N") + ".json");
            string args = "sandbox --port 0 --ready-file \"" + readyFile + "\" --quiet" + (fault != null ? " --fault " + fault : "");
            var psi = new ProcessStartInfo(bin, args)
            {
                UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true,
            };
            proc = Process.Start(psi);
            proc.OutputDataReceived += (s, e) => { }; // its banner: read and dropped
            proc.BeginOutputReadLine();
            // test.sh ends whatever is listed here if this process dies without stopping it.
            string pids = Environment.GetEnvironmentVariable("OFXKIT_CS_PIDS");
            if (!string.IsNullOrEmpty(pids)) File.AppendAllText(pids, proc.Id + "\n");
            var sw = Stopwatch.StartNew();
            while (true)
            {
                if (File.Exists(readyFile))
                {
                    string text = null;
                    try { text = File.ReadAllText(readyFile); } catch (IOException) { }
                    if (!string.IsNullOrEmpty(text) && text.TrimEnd().EndsWith("}"))
                    {
                        var j = (Dictionary<string, object>)Json.Parse(text);
                        Url = (string)j["url"];
                        Ca = (string)j["ca"];
                        Port = (int)(decimal)j["port"];
                        return;
                    }
                }
                if (proc.HasExited) throw new Exception("the sandbox exited with status " + proc.ExitCode + " before it was ready");
                if (sw.Elapsed > TimeSpan.FromSeconds(30)) { Dispose(); throw new Exception("the sandbox did not write its ready file in 30 s"); }
                Thread.Sleep(25);
            }
        }

        public void Dispose()
        {
            if (proc != null)
            {
                try { if (!proc.HasExited) { proc.Kill(); proc.WaitForExit(5000); } } catch (Exception) { }
                proc.Dispose();
                proc = null;
            }
            try { if (File.Exists(readyFile)) File.Delete(readyFile); } catch (Exception) { }
        }

        /// <summary>A client set up for this server (FI, demo user); trust is left to the test.</summary>
        public OfxClient Client()
        {
            var c = new OfxClient();
            c.SetFi(Url, Sandbox.Org, Sandbox.Fid);
            c.SetCredentials(Sandbox.User, Sandbox.Password);
            return c;
        }
    }

    /// <summary>The sandbox shared by the whole run, and the demo identity.</summary>
    public static class Sandbox
    {
        public static SandboxServer Shared { get; private set; }
        public static string Bin { get; private set; }
        public static string Url { get { return Need().Url; } }
        public static string Ca { get { return Need().Ca; } }

        public const string Org = "ofxkit Sandbox";
        public const string Fid = "7777";
        public const string User = "demo";
        public const string Password = "demo-pass";
        public const string BankId = "077700077";
        public const string Checking = "1000123456";
        public const string Savings = "1000654321";
        public const string Card = "4000123412341234";
        public const string Broker = "sandbox.ofxkit.example";
        public const string Investment = "INV-77001";
        public const string Loan = "LN-55001";

        public static void Start(string bin) { Bin = bin; Shared = new SandboxServer(bin); }

        public static void Stop() { if (Shared != null) { Shared.Dispose(); Shared = null; } }

        static SandboxServer Need()
        {
            if (Shared == null) throw new Exception("the sandbox is not running (see the first lines of the output)");
            return Shared;
        }

        /// <summary>A client for the shared sandbox (FI, demo user); trust is left to the test.</summary>
        public static OfxClient Client() { return Need().Client(); }

        /// <summary>A client that trusts the sandbox's CA through the ca_file setting.</summary>
        public static OfxClient TrustingClient()
        {
            var c = Client();
            c.Set("ca_file", Ca);
            return c;
        }

        public static DateTimeOffset Day(int y, int m, int d) { return new DateTimeOffset(y, m, d, 0, 0, 0, TimeSpan.Zero); }

        public static StatementRequest CheckingStatement()
        {
            return StatementRequest.Bank("checking", BankId, Checking).Period(Day(2024, 1, 1), Day(2025, 12, 31));
        }
    }

    public static class Program
    {
        public static string RepoRoot { get; private set; }

        public static int Main(string[] args)
        {
            RepoRoot = Environment.GetEnvironmentVariable("OFXKIT_REPO_ROOT");
            string bin = Environment.GetEnvironmentVariable("OFXKIT_BIN");
            string filter = args.Length > 0 ? args[0] : null;
            var tests = typeof(Program).Assembly.GetTypes()
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Where(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0)
                    .OrderBy(m => m.MetadataToken))
                .Where(m => filter == null || (m.DeclaringType.Name + "." + m.Name).IndexOf(filter, StringComparison.OrdinalIgnoreCase) >= 0)
                .ToList();
            int passed = 0, failed = 0;
            var total = Stopwatch.StartNew();
            try
            {
                Sandbox.Start(bin);
                Console.WriteLine("# ofxkit " + Ofx.Version + ", sandbox at " + Sandbox.Url);
            }
            catch (Exception e)
            {
                Console.WriteLine("# could not start the sandbox (" + bin + "): " + e.Message);
            }
            AppDomain.CurrentDomain.ProcessExit += (s, e) => Sandbox.Stop();
            try
            {
                foreach (var m in tests)
                {
                    string name = m.DeclaringType.Name + "." + m.Name;
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        m.Invoke(null, null);
                        passed++;
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "PASS {0} ({1} ms)", name, sw.ElapsedMilliseconds));
                    }
                    catch (TargetInvocationException tie)
                    {
                        failed++;
                        var e = tie.InnerException ?? tie;
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "FAIL {0} ({1} ms): {2}: {3}", name, sw.ElapsedMilliseconds, e.GetType().Name, e.Message));
                        Console.WriteLine("     " + (e.StackTrace ?? "").Replace("\n", "\n     "));
                    }
                    // Finalizers of anything a test forgot run now, on the finalizer thread (the safety net).
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            }
            finally
            {
                Sandbox.Stop();
            }
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "# {0} tests in {1:0.0} s", tests.Count, total.Elapsed.TotalSeconds));
            Console.WriteLine(string.Format("csharp: {0} passed, {1} failed", passed, failed));
            return failed == 0 && tests.Count > 0 ? 0 : 1;
        }
    }

    /// <summary>A minimal JSON reader for the tests (objects, arrays, strings, numbers as decimal, true/false/null).</summary>
    public static class Json
    {
        public static object Parse(string s)
        {
            int i = 0;
            var v = Value(s, ref i);
            Ws(s, ref i);
            if (i != s.Length) throw new FormatException("trailing characters at " + i);
            return v;
        }

        private static void Ws(string s, ref int i) { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; }

        private static object Value(string s, ref int i)
        {
            Ws(s, ref i);
            if (i >= s.Length) throw new FormatException("unexpected end");
            char c = s[i];
            if (c == '{')
            {
                var o = new Dictionary<string, object>();
                i++; Ws(s, ref i);
                if (s[i] == '}') { i++; return o; }
                while (true)
                {
                    Ws(s, ref i);
                    string k = Str(s, ref i);
                    Ws(s, ref i);
                    if (s[i++] != ':') throw new FormatException("expected : at " + (i - 1));
                    o[k] = Value(s, ref i);
                    Ws(s, ref i);
                    if (s[i] == ',') { i++; continue; }
                    if (s[i] == '}') { i++; return o; }
                    throw new FormatException("expected , or } at " + i);
                }
            }
            if (c == '[')
            {
                var a = new List<object>();
                i++; Ws(s, ref i);
                if (s[i] == ']') { i++; return a; }
                while (true)
                {
                    a.Add(Value(s, ref i));
                    Ws(s, ref i);
                    if (s[i] == ',') { i++; continue; }
                    if (s[i] == ']') { i++; return a; }
                    throw new FormatException("expected , or ] at " + i);
                }
            }
            if (c == '"') return Str(s, ref i);
            if (s.Substring(i).StartsWith("true")) { i += 4; return true; }
            if (s.Substring(i).StartsWith("false")) { i += 5; return false; }
            if (s.Substring(i).StartsWith("null")) { i += 4; return null; }
            int st = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) i++;
            if (st == i) throw new FormatException("unexpected '" + c + "' at " + i);
            return decimal.Parse(s.Substring(st, i - st), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static string Str(string s, ref int i)
        {
            if (s[i] != '"') throw new FormatException("expected a string at " + i);
            i++;
            var b = new StringBuilder();
            while (s[i] != '"')
            {
                if (s[i] == '\\')
                {
                    i++;
                    switch (s[i])
                    {
                        case 'n': b.Append('\n'); break;
                        case 't': b.Append('\t'); break;
                        case 'r': b.Append('\r'); break;
                        case 'b': b.Append('\b'); break;
                        case 'f': b.Append('\f'); break;
                        case 'u': b.Append((char)int.Parse(s.Substring(i + 1, 4), NumberStyles.HexNumber)); i += 4; break;
                        default: b.Append(s[i]); break;
                    }
                    i++;
                }
                else b.Append(s[i++]);
            }
            i++;
            return b.ToString();
        }
    }
}
