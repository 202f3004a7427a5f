using System.Text;

namespace Consumables.Rules.Cli.Tests;

/// <summary>A temporary folder a test class writes its files into (UTF-8 without BOM), deleted afterwards.</summary>
public abstract class TempFolder(string prefix) : IDisposable
{
    /// <summary>Gets the folder's full path.</summary>
    protected string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes the folder.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing) => Directory.Delete(Folder, recursive: true);

    /// <summary>Writes a file into the folder.</summary>
    /// <returns>The file's path.</returns>
    protected string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
