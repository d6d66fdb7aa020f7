using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// Names queued work after what it resumes: an await continuation is labelled with its async method
/// (<c>ApiServer.WatchAsync</c>), other callbacks with their method. Names come from compiled types only,
/// never from object identities, so they are the same in every run.
/// </summary>
internal static class StepLabels
{
    private const int MaxDepth = 3;
    private static readonly ConcurrentDictionary<Type, StepOrigin?> s_boxOrigins = new();
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_plumbingFields = new();
    private static readonly ConcurrentDictionary<MethodInfo, StepOrigin> s_methodOrigins = new();

    public static StepOrigin Describe(Delegate callback, object? state) =>
        FromObject(state, 0) ?? FromDelegate(callback, 0);

    public static StepOrigin ForMethod(MethodInfo method) => s_methodOrigins.GetOrAdd(method, static m =>
    {
        var type = UserVisible(m.DeclaringType);
        return new StepOrigin(type is null ? m.Name : $"{CleanName(type.Name)}.{m.Name}", m.DeclaringType?.Assembly);
    });

    private static StepOrigin FromDelegate(Delegate callback, int depth) =>
        FromObject(callback.Target, depth + 1) ?? ForMethod(callback.Method);

    private static StepOrigin? FromObject(object? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        if (value is Delegate callback)
        {
            return FromDelegate(callback, depth);
        }

        var type = value.GetType();
        if (s_boxOrigins.GetOrAdd(type, BoxOrigin) is { } origin)
        {
            return origin;
        }

        foreach (var field in s_plumbingFields.GetOrAdd(type, PlumbingFields))
        {
            if (FromObject(field.GetValue(value), depth + 1) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    // The runtime wraps a resumed async method in a box generic over its state machine, sometimes inside a
    // tuple or an awaitable operation; the state machine's type names the method.
    private static StepOrigin? BoxOrigin(Type type)
    {
        if (typeof(IAsyncStateMachine).IsAssignableFrom(type))
        {
            return new StepOrigin(MachineLabel(type), type.Assembly);
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        foreach (var argument in type.GetGenericArguments())
        {
            if (typeof(IAsyncStateMachine).IsAssignableFrom(argument))
            {
                return new StepOrigin(MachineLabel(argument), argument.Assembly);
            }
        }

        return null;
    }

    private static FieldInfo[] PlumbingFields(Type type)
    {
        var isRuntimePlumbing = type.Namespace is { } ns && ns.StartsWith("System", StringComparison.Ordinal);
        return isRuntimePlumbing
            ? type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => !f.FieldType.IsValueType && f.FieldType != typeof(string))
                .ToArray()
            : [];
    }

    private static string MachineLabel(Type machine)
    {
        var name = machine.Name;
        string method;
        if (name.StartsWith("<<", StringComparison.Ordinal))
        {
            var end = name.IndexOf('>', 2);
            method = (end > 2 ? name[2..end] : name) + ".lambda";
        }
        else
        {
            var end = name.IndexOf('>', 1);
            method = end > 1 ? name[1..end] : name;
        }

        var owner = UserVisible(machine.DeclaringType);
        return owner is null ? method : $"{CleanName(owner.Name)}.{method}";
    }

    private static Type? UserVisible(Type? type)
    {
        while (type is not null && type.Name.StartsWith('<'))
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string CleanName(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
