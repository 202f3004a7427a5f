using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Consumables.Rules.Eng;

/// <summary>
/// Writes an assembly's API reference as Markdown from its public surface (reflection) and its XML documentation file:
/// one section per namespace, one per public type (kind, summary, remarks), one table row per documented public member
/// (signature, summary, parameters, returns, exceptions). Compiled into the test project, which keeps docs/api/*.md current.
/// </summary>
internal static partial class ApiReference
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Renders the reference of <paramref name="assembly"/>, reading the XML documentation file beside it.</summary>
    internal static string For(Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        var docs = XDocument.Load(xml).Descendants("member")
            .Where(static m => m.Attribute("name") is not null)
            .GroupBy(static m => m.Attribute("name")!.Value, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.First(), StringComparer.Ordinal);
        var name = assembly.GetName().Name!;
        var text = new StringBuilder();
        text.Append("# ").Append(name).Append(" API reference\n\n");
        text.Append("Generated from the public surface and its XML documentation by `eng/api-reference`; a test keeps it current\n");
        text.Append("(run the tests with `UPDATE_PUBLIC_API=1` to rewrite it after a deliberate change). `").Append(name).Append(".txt` beside it is the\n");
        text.Append("reviewed listing of every public member.\n");
        var types = assembly.GetExportedTypes().OrderBy(static t => t.Namespace, StringComparer.Ordinal).ThenBy(TypeName, StringComparer.Ordinal).ToList();
        foreach (var ns in types.GroupBy(static t => t.Namespace ?? string.Empty))
        {
            text.Append("\n## ").Append(ns.Key).Append("\n\n");
            foreach (var type in ns)
            {
                text.Append("- [").Append(TypeName(type)).Append("](#").Append(Anchor(ns.Key + "." + TypeName(type))).Append(")\n");
            }

            foreach (var type in ns)
            {
                WriteType(text, type, docs);
            }
        }

        return text.ToString();
    }

    private static void WriteType(StringBuilder text, Type type, Dictionary<string, XElement> docs)
    {
        text.Append("\n### ").Append(type.Namespace).Append('.').Append(TypeName(type)).Append("\n\n");
        text.Append('*').Append(Kind(type)).Append("*\n\n");
        if (docs.TryGetValue("T:" + DocName(type), out var doc))
        {
            AppendBlock(text, doc.Element("summary"));
            AppendBlock(text, doc.Element("remarks"));
        }

        if (type.IsEnum)
        {
            text.Append("| Value | Description |\n|---|---|\n");
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture);
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{field.Name}` = {value} | {Cell(docs, "F:" + DocName(type) + "." + field.Name)} |\n");
            }

            return;
        }

        var rows = new List<(string Signature, string Description)>();
        foreach (var member in type.GetMembers(Declared).Where(static m => m is not MethodInfo { IsSpecialName: true } || m.Name.StartsWith("op_", StringComparison.Ordinal)))
        {
            var id = DocId(member);
            if (id is null || !docs.ContainsKey(id))
            {
                continue; // undocumented: compiler-generated record members (Equals, Deconstruct, <Clone>$)
            }

            rows.Add((Signature(member), Cell(docs, Inherited(docs, id, type))));
        }

        if (rows.Count > 0)
        {
            text.Append("| Member | Description |\n|---|---|\n");
            foreach (var (signature, description) in rows.OrderBy(static r => r.Signature, StringComparer.Ordinal))
            {
                text.Append("| `").Append(signature.Replace("|", "\\|", StringComparison.Ordinal)).Append("` | ").Append(description).Append(" |\n");
            }

            text.Append('\n');
        }
    }

    /// <summary>For a member documented <c>&lt;inheritdoc/&gt;</c>, the id of the interface or base member it inherits from, if documented here.</summary>
    private static string Inherited(Dictionary<string, XElement> docs, string id, Type type)
    {
        if (docs[id].Element("inheritdoc") is null)
        {
            return id;
        }

        var own = DocName(type);
        var rest = id[(2 + own.Length)..];
        return type.GetInterfaces().Append(type.BaseType).OfType<Type>()
            .Select(t => id[..2] + DocName(t.IsGenericType ? t.GetGenericTypeDefinition() : t) + rest)
            .FirstOrDefault(docs.ContainsKey) ?? id;
    }

    /// <summary>A member's documentation on one line for a table cell: the summary, then parameters, returns and exceptions.</summary>
    private static string Cell(Dictionary<string, XElement> docs, string id)
    {
        if (!docs.TryGetValue(id, out var doc))
        {
            return string.Empty;
        }

        var parts = new List<string> { Inline(doc.Element("summary")) };
        parts.AddRange(doc.Elements("param").Select(static p => $"*{p.Attribute("name")?.Value}*: {Inline(p)}"));
        if (doc.Element("returns") is { } returns)
        {
            parts.Add("Returns: " + Inline(returns));
        }

        if (doc.Element("value") is { } value)
        {
            parts.Add("Value: " + Inline(value));
        }

        parts.AddRange(doc.Elements("exception").Select(static e => $"Throws `{ShortCref(e.Attribute("cref")?.Value)}`: {Inline(e)}"));
        return string.Join("<br>", parts.Where(static p => p.Length > 0)).Replace("|", "\\|", StringComparison.Ordinal);
    }

    private static void AppendBlock(StringBuilder text, XElement? element)
    {
        if (element is not null && Inline(element) is { Length: > 0 } line)
        {
            text.Append(line).Append("\n\n");
        }
    }

    /// <summary>Turns documentation XML into one line of Markdown: crefs and code as code, paragraphs and list items joined.</summary>
    private static string Inline(XElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e when e.Attribute("langword") is { } word => $"`{word.Value}`",
                XElement { Name.LocalName: "see" or "seealso" } e when e.Attribute("cref") is { } cref => e.IsEmpty ? $"`{ShortCref(cref.Value)}`" : Inline(e),
                XElement { Name.LocalName: "see" } e when e.Attribute("href") is { } href => $"[{Inline(e)}]({href.Value})",
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => $"*{e.Attribute("name")?.Value}*",
                XElement { Name.LocalName: "c" or "code" } e => $"`{e.Value}`",
                XElement { Name.LocalName: "para" } e => " " + Inline(e) + " ",
                XElement { Name.LocalName: "item" } e => " • " + Inline(e),
                XElement e => Inline(e),
                _ => string.Empty,
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static string ShortCref(string? cref)
    {
        if (cref is null)
        {
            return string.Empty;
        }

        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var open = name.IndexOf('(', StringComparison.Ordinal);
        var path = open < 0 ? name : name[..open];
        var parts = path.Split('.');
        return cref.StartsWith("T:", StringComparison.Ordinal) || parts.Length < 2 ? parts[^1] : $"{parts[^2]}.{parts[^1]}";
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsEnum: true } => "enum",
        { IsValueType: true } => type.GetMethod("<Clone>$") is not null || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null ? "record struct" : "struct",
        _ when typeof(Delegate).IsAssignableFrom(type) => "delegate",
        { IsAbstract: true, IsSealed: true } => "static class",
        _ => (type.GetMethod("<Clone>$") is not null ? "record" : "class") + (type.IsSealed ? " (sealed)" : type.IsAbstract ? " (abstract)" : string.Empty),
    };

    /// <summary>A type's name as written in C#: nested types with a dot, generic arguments in angle brackets.</summary>
    private static string TypeName(Type type)
    {
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">" : type.Name;
        return type.IsNested && !type.IsGenericParameter ? TypeName(type.DeclaringType!) + "." + name : name;
    }

    private static string Anchor(string heading) => new([.. heading.ToLowerInvariant().Where(static c => char.IsLetterOrDigit(c) || c is '-' or '_')]);

    private static string Signature(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"{TypeName(c.DeclaringType!)}({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{Short(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(static a => a.Name)) + ">" : string.Empty)}({Parameters(m)})",
        PropertyInfo p => $"{Short(p.PropertyType)} {(p.GetIndexParameters().Length > 0 ? "this[" + string.Join(", ", p.GetIndexParameters().Select(static i => Short(i.ParameterType) + " " + i.Name)) + "]" : p.Name)}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{Short(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Short(e.EventHandlerType!)} {e.Name}",
        _ => member.Name,
    };

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(static p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty) + Short(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + Default(p.DefaultValue) : string.Empty)));

    private static string Default(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    /// <summary>A type as written in a signature: C# keywords, nullable value types with ?, generic arguments.</summary>
    private static string Short(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Short(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Short(type.GetElementType()!) + "[]";
        }

        return type.FullName switch
        {
            "System.String" => "string",
            "System.Boolean" => "bool",
            "System.Int32" => "int",
            "System.Int64" => "long",
            "System.Decimal" => "decimal",
            "System.Double" => "double",
            "System.Object" => "object",
            "System.Void" => "void",
            "System.Byte" => "byte",
            _ => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Short)) + ">" : type.Name,
        };
    }

    /// <summary>The member's id in the XML documentation file (<c>M:Ns.Type.Method(System.String,System.Decimal)</c>), or null for a member kind it does not document.</summary>
    private static string? DocId(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"M:{DocName(c.DeclaringType!)}.#ctor{DocParameters(c)}",
        MethodInfo m => $"M:{DocName(m.DeclaringType!)}.{m.Name}{(m.IsGenericMethod ? "``" + m.GetGenericArguments().Length : string.Empty)}{DocParameters(m)}"
            + (m.Name is "op_Implicit" or "op_Explicit" ? "~" + DocType(m.ReturnType) : string.Empty),
        PropertyInfo p => $"P:{DocName(p.DeclaringType!)}.{p.Name}{(p.GetIndexParameters().Length > 0 ? "(" + string.Join(",", p.GetIndexParameters().Select(static i => DocType(i.ParameterType))) + ")" : string.Empty)}",
        FieldInfo f => $"F:{DocName(f.DeclaringType!)}.{f.Name}",
        EventInfo e => $"E:{DocName(e.DeclaringType!)}.{e.Name}",
        _ => null,
    };

    private static string DocParameters(MethodBase method)
    {
        var parameters = method.GetParameters();
        return parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(static p => DocType(p.ParameterType))) + ")";
    }

    /// <summary>A type's name in documentation ids: the open generic type's name (<c>List`1</c>), nested with dots.</summary>
    private static string DocName(Type type) => (type.IsNested ? DocName(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name);

    /// <summary>A parameter type in documentation ids: generic arguments in braces, <c>@</c> for by-reference, <c>``0</c> for a method's type parameter.</summary>
    private static string DocType(Type type)
    {
        if (type.IsByRef)
        {
            return DocType(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            return DocType(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is not null ? "``" : "`") + type.GenericParameterPosition;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var name = DocName(definition);
            return name[..name.IndexOf('`', StringComparison.Ordinal)] + "{" + string.Join(",", type.GetGenericArguments().Select(DocType)) + "}";
        }

        return DocName(type);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
