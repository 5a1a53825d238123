// sales_mgmt ships the rendering in /assets/sales_mgmt/js/sales_mgmt.js so it updates with the app
sales_mgmt.workbench.render_hot_customers(root_element);
