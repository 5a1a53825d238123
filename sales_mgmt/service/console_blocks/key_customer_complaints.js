// sales_mgmt ships the rendering in /assets/sales_mgmt/js/service.js so it updates with the app
sales_mgmt.service.render_key_customer_complaints(root_element);
