using Dgdmn.Experiments;

namespace Dgdmn.Tests.Experiments;

public sealed class RoutingAccuracyTests
{
    [Fact]
    public void AFirstVisitMustGetANewIdAndARevisitItsFirstId()
    {
        // Tasks 0, 1, 0, 2 routed to 7, 8, 7, 8: new, new, same as first visit, and task 2 wrongly merged into 8.
        Assert.Equal(0.75, RoutingAccuracy.OfBatches([0, 1, 0, 2], [7, 8, 7, 8]));
        // A revisit sent to a new memory is wrong; so is a first visit sent to a known one.
        Assert.Equal(0.5, RoutingAccuracy.OfBatches([0, 0], [3, 4]));
        Assert.Equal(0.5, RoutingAccuracy.OfBatches([0, 1], [3, 3]));
        Assert.True(double.IsNaN(RoutingAccuracy.OfBatches([], [])));
        Assert.Throws<ArgumentException>(() => RoutingAccuracy.OfBatches([0, 1], [0]));
    }
}
