using ApiStudio.Engine.Values;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;

namespace ApiStudio.Engine.Scripting;

/// <summary>
/// Converts between the engine's plain values (null, bool, long, double, string, lists, <see cref="Map"/>) and
/// JavaScript values. Only plain data crosses: a CLR object is never wrapped, so a script cannot reach .NET through
/// what it is given.
/// </summary>
public static class JsValues
{
    private const int MaxDepth = 64;

    /// <summary>A value that cannot cross between the host and a script.</summary>
    public sealed class UnsupportedValueException(string message) : Exception(message);

    /// <summary>The JavaScript value of a plain value.</summary>
    public static JsValue ToJs(Jint.Engine engine, object? value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new UnsupportedValueException($"a value nested deeper than {MaxDepth} levels cannot be given to a script");
        }
        switch (value)
        {
            case null:
                return JsValue.Null;
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case string s:
                return new JsString(s);
            case int or long or double or float or decimal:
                return new JsNumber(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
            case Map map:
                return new MapObject(engine, map, depth);
            case IEnumerable<object?> list:
                return new JsArray(engine, list.Select(item => ToJs(engine, item, depth + 1)).ToArray());
            default:
                throw new UnsupportedValueException($"a value of type {value.GetType().Name} cannot be given to a script");
        }
    }

    /// <summary>
    /// A plain object over a map whose properties are converted the first time the script touches the object (reads,
    /// writes, lists or deletes any property): a script that reads one parameter pays for the parameters only, not for
    /// the headers beside them. Jint initializes its own built-in objects the same way.
    /// </summary>
    private sealed class MapObject : ObjectInstance
    {
        private Map? _map;
        private readonly int _depth;

        public MapObject(Jint.Engine engine, Map map, int depth) : base(engine)
        {
            _map = map;
            _depth = depth;
            Prototype = engine.Intrinsics.Object.PrototypeObject;
        }

        protected override void Initialize()
        {
            var map = _map!;
            _map = null;
            foreach (var (key, item) in map)
            {
                FastSetDataProperty(key, ToJs(Engine, item, _depth + 1));
            }
        }
    }

    /// <summary>
    /// The plain value of a JavaScript value: own enumerable data properties of objects (getters are not run),
    /// integral numbers as long; undefined and functions become null.
    /// </summary>
    public static object? ToPlain(JsValue value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new UnsupportedValueException($"the script returned a value nested deeper than {MaxDepth} levels (or a cycle)");
        }
        switch (value)
        {
            case JsBoolean b:
                return b.AsBoolean();
            case JsString s:
                return s.ToString();
            case JsNumber n:
                var d = n.AsNumber();
                return double.IsInteger(d) && Math.Abs(d) < 9.007199254740992E15 ? (object)(long)d : d;
            case JsArray array:
                var list = new List<object?>((int)Math.Min(array.Length, 1024));
                for (uint i = 0; i < array.Length; i++)
                {
                    list.Add(ToPlain(array.Get(i), depth + 1));
                }
                return list;
            case Function:
                return null;
            case ObjectInstance obj:
                var map = new Map();
                foreach (var (key, descriptor) in obj.GetOwnProperties())
                {
                    if (key.IsString() && descriptor.Enumerable && descriptor.IsDataDescriptor())
                    {
                        map[key.ToString()] = ToPlain(descriptor.Value, depth + 1);
                    }
                }
                return map;
            default:
                return value.IsBigInt() ? value.ToString() : null;
        }
    }
}
