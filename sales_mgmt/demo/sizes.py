"""How big each demo data set is and how its salesperson tree is shaped."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSize:
	name: str
	salespeople: int  # everyone in the tree: director, managers, team leads and reps
	regions: int  # regional managers reporting to the sales director
	leads_per_region: int  # team leads under each regional manager; 0: reps report to the region
	customers: int
	bulk: bool  # insert customers and opportunities with bulk SQL instead of validated documents
	opportunities: int = 0
	deal_history_days: int = 183  # opportunities were opened over this many days before the base date
	leads: int = 0
	hot_flags_per_rep: int = 0

	@property
	def managers(self) -> int:
		return 1 + self.regions + self.regions * self.leads_per_region

	@property
	def reps(self) -> int:
		return self.salespeople - self.managers


SIZES: dict[str, DemoSize] = {
	# a demo a person clicks through: director → 3 regions → reps
	"small": DemoSize(
		"small",
		salespeople=20,
		regions=3,
		leads_per_region=0,
		customers=300,
		bulk=False,
		opportunities=400,
		deal_history_days=183,
		leads=60,
		hot_flags_per_rep=3,
	),
	# benchmarks: director → 6 regions → 4 team leads each → reps, so a regional manager's
	# subtree spans three levels
	# and 200,000 opportunities over two years, about 800,000 stage log rows
	"large": DemoSize(
		"large",
		salespeople=200,
		regions=6,
		leads_per_region=4,
		customers=100_000,
		bulk=True,
		opportunities=200_000,
		deal_history_days=730,
		hot_flags_per_rep=3,
	),
}


def get_size(name: str) -> DemoSize:
	if name not in SIZES:
		raise ValueError(f"unknown demo size {name!r}; choose one of {', '.join(SIZES)}")
	return SIZES[name]
