//! Shared widgets, one per file.

pub mod app_header;
pub mod bar_chart;
pub mod case_history;
pub mod command_outcome;
pub mod device_cards;
pub mod device_setup_form;
pub mod erase_device;
pub mod main_nav;
pub mod office_name_form;
pub mod photo_thumb;
pub mod staff_admin;
pub mod staff_form;
pub mod staff_gate;
pub mod storage_gate;
pub mod storage_status;
pub mod sync_status;
pub mod text_field;
pub mod virtual_rows;
