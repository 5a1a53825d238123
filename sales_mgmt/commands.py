"""bench commands of sales_mgmt."""

import click
from frappe.commands import get_site, pass_context


@click.command("sales-mgmt-demo")
@click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option(
	"--base-date",
	type=click.DateTime(formats=["%Y-%m-%d"]),
	default=None,
	help="Last day the demo data covers (default: the loaded data set's, or yesterday for a first load).",
)
@pass_context
def sales_mgmt_demo(context, size: str, seed: int, base_date):
	"""Load demo data into a demo or benchmark site (site config sales_mgmt_site_kind)."""
	import frappe

	from sales_mgmt.demo import demo_logins, generate

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		summary = generate(size, seed, base_date.date() if base_date else None)
	except frappe.ValidationError as e:
		click.secho(frappe.utils.strip_html_tags(str(e)), fg="red", err=True)
		raise SystemExit(1) from e
	finally:
		frappe.destroy()
	click.echo(
		f"Demo data {summary['size']} (seed {summary['seed']}, base date {summary['base_date']}) on {site}: "
		f"{summary['salespeople']} salespeople, {summary['customers']} customers "
		f"({summary['salespeople_added']} salespeople, {summary['customers_added']} customers, "
		f"{summary['logins_added']} other logins added); {summary['opportunities']} opportunities "
		f"({summary['opportunities_added']} added), {summary['leads']} leads ({summary['leads_added']} added), "
		f"{summary['hot_flags_added']} hot flags added; {summary['products']} products, "
		f"{summary['stock_entries']} stock entries ({summary['products_added']} products, "
		f"{summary['stock_entries_added']} stock entries added); {summary['sales_orders']} sales orders "
		f"with {summary['money_events']} money events ({summary['money_events_added']} added); "
		f"{summary['expenses']} expenses ({summary['expenses_flagged']} flagged) under "
		f"{summary['expense_budgets']} budgets ({summary['expense_events_added']} events added); "
		f"{summary['cash_accounts']} cash accounts with {summary['cash_entries']} cash entries "
		f"({summary['cash_events_added']} added); {summary['activities']} activities "
		f"({summary['activity_events_added']} events added)"
	)
	click.echo("Demo logins:")
	for user, password, role, sees in demo_logins():
		click.echo(f"  {user:<24} {password:<10} {role:<15} {sees}")


commands = [sales_mgmt_demo]
