using System.Xml.Linq;
using Loudou.Core.Deals;

namespace Loudou.Core.Tests;

/// <summary>Core holds the domain and the analytics and depends on the base class library alone.</summary>
public class CorePurityTests
{
    [Fact]
    public void Core_references_only_the_base_class_library()
    {
        var references = typeof(Deal).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var outside = references.Where(name => !(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib")).ToList();

        Assert.NotEmpty(references);
        Assert.Empty(outside);
    }

    [Fact]
    public void Core_project_has_no_package_or_project_reference()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Loudou.Core", "Loudou.Core.csproj"));

        var references = project.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "Reference" or "FrameworkReference");

        Assert.Empty(references);
    }

    [Fact]
    public void Every_core_type_lives_in_the_namespace_of_its_folder()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Loudou.Core");
        var types = typeof(Deal).Assembly.GetTypes().Where(t => t.IsPublic && t.Namespace is not null);

        foreach (var type in types)
        {
            var folder = Path.Combine([root, .. type.Namespace!.Split('.').Skip(2)]);
            Assert.True(Directory.Exists(folder), $"{type.FullName}: no folder {folder}");
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Loudou.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Loudou.slnx not found above " + AppContext.BaseDirectory);
    }
}
