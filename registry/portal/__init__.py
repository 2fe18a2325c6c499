"""The manufacturer portal: representatives' applications, documents, admission, accounts."""
